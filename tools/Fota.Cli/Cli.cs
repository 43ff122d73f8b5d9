using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Keys;
using FotaDevice.Image;

namespace FotaDevice.Cli;

/// <summary>The fota command line: every <see cref="FotaCommand"/> on System.CommandLine; every failure one line and an exit code.</summary>
public static class Cli
{
    /// <summary>Every command, in the order "fota --help" lists them: each concrete <see cref="FotaCommand"/> of this assembly.</summary>
    public static readonly IReadOnlyList<FotaCommand> Commands = typeof(FotaCommand).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(FotaCommand)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
        .Select(t => (FotaCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Order)
        .ThenBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The tool's version.</summary>
    public static string Version => typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    /// <summary>Runs one command line in this process (Ctrl+C cancels); never throws.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool terminal = false) =>
        RunAsync(args, new CliContext(output, error, terminal)).GetAwaiter().GetResult();

    /// <summary>Runs one command line with <paramref name="context"/> until done, Ctrl+C or <paramref name="stop"/>; never throws.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken stop = default)
    {
        var commands = new Dictionary<Command, FotaCommand>();
        var root = BuildRoot(commands);
        var parse = root.Parse(args);
        // A bad --verbosity is a parse error (reported below); its value cannot be read then.
        context.Verbosity = parse.Errors.Count > 0 ? Verbosity.Normal
            : parse.GetValue(CommonOptions.VerbosityLevel) ?? (parse.GetValue(CommonOptions.Verbose) ? Verbosity.Detailed : Verbosity.Normal);
        var invocation = parse.InvocationConfiguration;
        invocation.Output = context.Out;
        invocation.Error = context.Error;
        invocation.EnableDefaultExceptionHandler = false;

        if (args.Length == 0)
        {
            new HelpAction().Invoke(root.Parse(["--help"]));
            context.Out.Write(Epilogue());
            return ExitCodes.Usage;
        }

        if (parse.Action is ParseErrorAction)
        {
            return UsageError(parse, context);
        }

        if (parse.Action is HelpAction help)
        {
            help.Invoke(parse);
            if (commands.TryGetValue(parse.CommandResult.Command, out var shown) && shown.Details is { } details)
            {
                context.Out.WriteLine("Details:");
                foreach (var line in details.TrimEnd().Split('\n'))
                {
                    context.Out.WriteLine("  " + line);
                }

                context.Out.WriteLine();
            }

            if (parse.CommandResult.Command == root)
            {
                context.Out.Write(Epilogue());
            }

            return ExitCodes.Ok;
        }

        if (!commands.TryGetValue(parse.CommandResult.Command, out var command))
        {
            // The root alone, a directive ([suggest]) or --version: System.CommandLine's own actions.
            if (parse.CommandResult.Command == root && parse.Action is not SynchronousCommandLineAction and not AsynchronousCommandLineAction)
            {
                return UsageError(parse, context);
            }

            return await parse.InvokeAsync(invocation, CancellationToken.None);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        context.Cancel = cancel.Token;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await command.RunAsync(parse, context);
        }
        catch (CliException e)
        {
            context.Error.WriteLine($"fota: error: {e.Message}");
            if (e.ExitCode == ExitCodes.Usage)
            {
                context.Error.WriteLine($"(see 'fota {command.Name} --help')");
            }

            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            context.Error.WriteLine("fota: cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is KeyFileException or ImageException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            context.Error.WriteLine($"fota: error: {ErrorText.Clean(e)}");
            if (context.Verbosity >= Verbosity.Diagnostic)
            {
                context.Error.WriteLine(e);
            }

            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"fota: error: unexpected {e.GetType().Name}: {ErrorText.Clean(e)}");
            if (context.Verbosity >= Verbosity.Diagnostic)
            {
                context.Error.WriteLine(e);
            }
            else
            {
                context.Error.WriteLine("(run again with --verbosity diagnostic for details)");
            }

            return ExitCodes.Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The root command with every command under it; <paramref name="commands"/> maps each back to its <see cref="FotaCommand"/>.</summary>
    public static RootCommand BuildRoot(IDictionary<Command, FotaCommand> commands)
    {
        var root = new RootCommand($"fota {Version}: secure firmware updates for nanoFramework devices (MCUboot images over SMP)");
        foreach (var option in DeviceCommand.ConnectionOptions)
        {
            root.Options.Add(option);
        }

        var version = root.Options.OfType<VersionOption>().Single();
        version.Action = new PrintVersion();
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.VerbosityLevel);
        foreach (var command in Commands)
        {
            var built = command.Build();
            commands[built] = command;
            root.Subcommands.Add(built);
        }

        return root;
    }

    private static int UsageError(ParseResult parse, CliContext context)
    {
        var errors = parse.Errors.Select(e => e.Message).ToList();
        if (parse.UnmatchedTokens.Count > 0 || errors.Count > 1)
        {
            errors.RemoveAll(e => e.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        if (errors.Count == 0)
        {
            errors.Add("give a command");
        }

        foreach (var message in errors)
        {
            context.Error.WriteLine($"fota: error: {message}");
        }

        // System.CommandLine's typo suggestion for the first word it did not match ("'uplod' was not matched. Did you mean ... upload").
        var suggestions = new StringWriter();
        parse.InvocationConfiguration.Error = suggestions;
        parse.InvocationConfiguration.Output = suggestions;
        new ParseErrorAction { ShowHelp = false, ShowTypoCorrections = true }.Invoke(parse);
        var lines = suggestions.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        var first = lines.FindIndex(l => l.Contains(" was not matched.", StringComparison.Ordinal));
        if (first >= 0)
        {
            foreach (var line in lines.Skip(first).TakeWhile((l, i) => i == 0 || (l.Length > 0 && !l.Contains(" was not matched.", StringComparison.Ordinal) && !errors.Contains(l))))
            {
                context.Error.WriteLine(line);
            }
        }

        var name = parse.CommandResult.Command is RootCommand ? string.Empty : parse.CommandResult.Command.Name + " ";
        context.Error.WriteLine($"(see 'fota {name}--help')");
        return ExitCodes.Usage;
    }

    /// <summary>"fota 0.1.0" for --version.</summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"fota {Version}");
            return ExitCodes.Ok;
        }
    }

    private static string Epilogue() =>
        $"""
        Devices: --device ADDRESS, or the {CommonOptions.DeviceVariable} variable (default {CommonOptions.DefaultDevice}).
        Numbers may be hexadecimal: --header-size 0x200.
        Exit codes: 0 done, 1 failed here (file, key, image, local check), 2 usage error, 3 the device refused,
                    4 the owner's approval is required, 5 no answer from the device.
        Completion: fota completion bash|zsh|pwsh prints a script for your shell.

        """;
}
