using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Approval;

namespace FotaDevice.Cli.Commands;

/// <summary>fota code new | check: a device's printed owner code, its label and what the firmware build stores of it.</summary>
public sealed class CodeCommand : FotaCommand
{
    private readonly Argument<string> _verb = Required("new|check", "new: make a code for one device; check: read a typed code back");
    private readonly Argument<string?> _typed = new("CODE") { Description = "the code to check, as typed from the label", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _output = Text("--output", "FILE", $"write the firmware's C# to FILE (e.g. {OwnerCodeSource.DefaultPath}) instead of the console", "-o");
    private readonly Option<string?> _device = Text("--device-name", "NAME", "the device the code is for (a comment in the C#, a line on the label)");

    public override int Order => 125;

    public override string Name => "code";

    public override string Summary => "make a device's printed owner code (new) or check a typed one (check)";

    public override string Details =>
        "new: 12 random characters (60 bits) and a check character, printed as XXXX-XXXX-XXXX-C; the C# file holds\n" +
        "only a random salt and the key derived from the code (PBKDF2-HMAC-SHA256), one file per device.\n" +
        "Print the label, keep the code off the firmware, then approve with 'fota test/confirm --code CODE'.";

    protected override void Define(Command command)
    {
        _verb.CompletionSources.Add("new", "check");
        command.Arguments.Add(_verb);
        command.Arguments.Add(_typed);
        command.Options.Add(_output);
        command.Options.Add(_device);
        command.Options.Add(CommonOptions.Json);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var json = parse.GetValue(CommonOptions.Json);
        switch (parse.GetRequiredValue(_verb))
        {
            case "new":
                New(parse, context, json);
                break;
            case "check":
                var code = Parse(parse.GetValue(_typed) ?? throw new CliException("give the CODE to check", ExitCodes.Usage));
                if (json)
                {
                    context.WriteJson(new { code = code.Label, canonical = code.Text });
                }
                else
                {
                    context.Out.WriteLine($"{code.Label}: a well-formed owner code (the device tells whether it is its own)");
                }

                break;
            case var other:
                throw new CliException($"unknown '{other}': fota code new, or fota code check CODE", ExitCodes.Usage);
        }

        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>Reads a typed code, or a usage error saying what is wrong with it.</summary>
    public static OwnerCode Parse(string typed)
    {
        try
        {
            return OwnerCode.Parse(typed);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
    }

    private void New(ParseResult parse, CliContext context, bool json)
    {
        if (parse.GetValue(_typed) != null)
        {
            throw new CliException("fota code new takes no CODE: it makes one", ExitCodes.Usage);
        }

        var device = parse.GetValue(_device);
        var code = OwnerCode.New();
        var stored = OwnerCodeKeys.Provision(code);
        var source = OwnerCodeSource.For(stored, device ?? "this device");
        var output = parse.GetValue(_output);
        if (output != null)
        {
            CommandHelpers.WriteOutput(output, source);
        }

        if (json)
        {
            context.WriteJson(new { code = code.Label, label = Label(code, device), salt = Convert.ToHexStringLower(stored.Salt), file = output, csharp = output == null ? source : null });
            return;
        }

        context.Out.WriteLine($"owner code: {code.Label}");
        context.Out.WriteLine();
        context.Out.WriteLine("label (print it, stick it on the device; this is the only copy of the code):");
        foreach (var line in Label(code, device).Split('\n'))
        {
            context.Out.WriteLine("  " + line);
        }

        context.Out.WriteLine();
        if (output != null)
        {
            context.Out.WriteLine($"wrote {output}: build the firmware with it (the device then accepts button, window or code)");
        }
        else
        {
            context.Out.WriteLine($"firmware ({OwnerCodeSource.DefaultPath}; or -o FILE):");
            context.Out.Write(source);
        }
    }

    private static string Label(OwnerCode code, string? device) =>
        (device != null ? device + "\n" : string.Empty) + "Owner code: " + code.Label + "\n" + "fota test --code " + code.Label;
}
