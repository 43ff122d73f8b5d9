using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota test: run an uploaded image on trial after the next reset (needs the owner's approval).</summary>
public sealed class TestCommand : SwitchCommand
{
    public override int Order => 230;

    public override string Name => "test";

    public override string Summary => "run the image HASH (or the newest, --latest) on trial after the next reset (needs approval)";

    protected override bool Permanent => false;
}

/// <summary>fota confirm: keep the running image, or switch to an image for good (needs the owner's approval).</summary>
public sealed class ConfirmCommand : SwitchCommand
{
    public override int Order => 240;

    public override string Name => "confirm";

    public override string Summary => "keep the running image (no HASH), or switch to the image HASH for good (needs approval)";

    protected override bool Permanent => true;
}

/// <summary>fota test / fota confirm: switch images, which needs the owner at the device.</summary>
public abstract class SwitchCommand : DeviceCommand
{
    /// <summary>The hash argument.</summary>
    protected readonly Argument<string?> HashArgument = new("HASH") { Description = "the image's hash (see fota list)", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>--latest.</summary>
    protected readonly Option<bool> Latest = Flag("--latest", "the image in the other slot (the one just uploaded)");

    /// <summary>--wait SECONDS.</summary>
    protected readonly Option<int?> Wait = Numbers.Option("--wait", "wait this long for the owner to press the button", "SECONDS", 0);

    /// <summary>--code CODE.</summary>
    protected readonly Option<string?> Code = OwnerCodeApproval.Create();

    /// <summary>True for confirm (for good), false for test (trial).</summary>
    protected abstract bool Permanent { get; }

    public override string Details =>
        "Switching needs the owner: a button press, a request within the window after power-on, or (--code) the\n" +
        "owner code printed on the device, if it has one and its policy accepts it.\n" +
        "Without it the device answers 'approval required' (exit code 4) and waits for a press; --wait keeps asking\n" +
        "until the switch is staged (or the time is up). Then 'fota reset' makes it happen.";

    protected override void DefineOptions(Command command)
    {
        command.Arguments.Add(HashArgument);
        command.Options.Add(Latest);
        command.Options.Add(Wait);
        command.Options.Add(Code);
    }

    protected override async Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        if (parse.GetValue(Code) is { } typed)
        {
            CodeCommand.Parse(typed); // a mistyped code is a usage error before the device is asked anything
        }

        var hash = await TargetAsync(device, parse, context);
        if (parse.GetValue(Code) is { } code)
        {
            await OwnerCodeApproval.ProveAsync(device, code, Permanent, hash, context);
        }

        var json = parse.GetValue(CommonOptions.Json);
        var wait = TimeSpan.FromSeconds(parse.GetValue(Wait) ?? 0);
        var deadline = DateTime.UtcNow + wait;
        string? asked = null;
        while (true)
        {
            try
            {
                var slots = hash == null ? await device.ConfirmAsync(null, context.Cancel)
                    : Permanent ? await device.ConfirmAsync(hash, context.Cancel)
                    : await device.TestAsync(hash, context.Cancel);
                var done = hash == null ? "the running image is confirmed" : Permanent ? "switch staged for good: 'fota reset' to restart into it" : "trial staged: 'fota reset' to restart into it";
                Report(context, json, hash == null ? "confirmed" : "staged", done, slots);
                return ExitCodes.Ok;
            }
            catch (SmpException e) when (e.Rc == SmpException.AccessDenied)
            {
                if (asked == null)
                {
                    asked = e.Reason ?? "press the button on the device";
                    context.Note($"approval required: {asked}");
                }

                if (DateTime.UtcNow >= deadline)
                {
                    if (json)
                    {
                        context.WriteJson(new { result = "approval-required", reason = asked });
                    }

                    throw new CliException(wait > TimeSpan.Zero ? $"nobody approved on the device within {wait.TotalSeconds:0} s" : $"approval required: {asked} (--wait SECONDS waits for it)", ExitCodes.ApprovalRequired);
                }

                // The device stages the switch itself when the button is pressed; see whether it did.
                await Task.Delay(500, context.Cancel);
                if (hash == null)
                {
                    continue; // asking again goes through once the owner pressed
                }

                var slots = await device.ListAsync(context.Cancel);
                if (slots.FirstOrDefault(s => s.Hash.AsSpan().SequenceEqual(hash)) is { Pending: true })
                {
                    Report(context, json, "staged", "approved on the device: 'fota reset' to restart into it", slots);
                    return ExitCodes.Ok;
                }
            }
        }
    }

    private async Task<byte[]?> TargetAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        var text = parse.GetValue(HashArgument);
        if (parse.GetValue(Latest))
        {
            if (text != null)
            {
                throw new CliException("give a HASH or --latest, not both", ExitCodes.Usage);
            }

            var slots = await device.ListAsync(context.Cancel);
            var other = slots.FirstOrDefault(s => !s.Active && s.Hash.Length == 32)
                ?? throw new CliException("no image besides the running one: upload one first");
            if (!other.Bootable)
            {
                throw new CliException($"the image in slot {SlotTable.Name(other.Slot)} is not bootable: {other.Reason ?? "the device gives no reason (its log says why)"}", ExitCodes.Refused);
            }

            return other.Hash;
        }

        if (text != null)
        {
            return ParseHash(text);
        }

        return Permanent ? null : throw new CliException("give the image's HASH (see fota list) or --latest", ExitCodes.Usage);
    }

    private static void Report(CliContext context, bool json, string result, string text, IReadOnlyList<SlotState> slots)
    {
        if (json)
        {
            context.WriteJson(new { result, images = SlotTable.Report(slots) });
            return;
        }

        context.Out.WriteLine(text);
        SlotTable.Print(slots, context.Out);
    }

    private static byte[] ParseHash(string text)
    {
        try
        {
            var hash = Convert.FromHexString(text);
            return hash.Length == 32 ? hash : throw new CliException($"a hash is 32 bytes (64 hex digits), this one is {hash.Length}", ExitCodes.Usage);
        }
        catch (FormatException)
        {
            throw new CliException($"not a hex hash: {text}", ExitCodes.Usage);
        }
    }
}
