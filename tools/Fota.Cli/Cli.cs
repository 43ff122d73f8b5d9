using System.Reflection;
using FotaDevice.Cli.Commands;
using FotaDevice.Host.Keys;
using FotaDevice.Image;

namespace FotaDevice.Cli;

/// <summary>The fota command line: finds the command, parses its options, turns every failure into one line.</summary>
public static class Cli
{
    /// <summary>--help, accepted by every command.</summary>
    public static readonly OptionSpec HelpOption = new("help", null, "show this help", 'h');

    /// <summary>Every command, in the order "fota --help" lists them.</summary>
    public static readonly IReadOnlyList<Command> Commands =
    [
        new KeygenCommand(),
        new GetpubCommand(),
        new PackCommand(),
        new SignCommand(),
        new AttachCommand(),
        new InspectCommand(),
        new VerifyCommand(),
        new SimCommand(),
        new ScanCommand(),
        new UploadCommand(),
        new ListCommand(),
        new SwitchCommand(permanent: false),
        new SwitchCommand(permanent: true),
        new ResetCommand(),
        new StatusCommand(),
        new DemoCommand(),
    ];

    public static string Version => typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    /// <summary>Runs one command line; never throws.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var verbose = args.Contains("--verbose");
        args = args.Where(a => a != "--verbose").ToArray();
        try
        {
            return Dispatch(args, new CliContext(output, error) { Verbose = verbose });
        }
        catch (CliException e)
        {
            error.WriteLine($"fota: error: {e.Message}");
            if (e.ExitCode == ExitCodes.Usage)
            {
                error.WriteLine("(see fota --help)");
            }

            return e.ExitCode;
        }
        catch (Exception e) when (e is KeyFileException or ImageException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            error.WriteLine($"fota: error: {e.Message}");
            if (verbose)
            {
                error.WriteLine(e);
            }

            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            error.WriteLine($"fota: error: unexpected {e.GetType().Name}: {e.Message}");
            if (verbose)
            {
                error.WriteLine(e);
            }
            else
            {
                error.WriteLine("(run again with --verbose for details)");
            }

            return ExitCodes.Failed;
        }
    }

    private static int Dispatch(string[] args, CliContext context)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h")
        {
            context.Out.Write(Overview());
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        if (args[0] == "--version")
        {
            context.Out.WriteLine($"fota {Version}");
            return ExitCodes.Ok;
        }

        if (args[0] == "help")
        {
            if (args.Length == 1)
            {
                context.Out.Write(Overview());
                return ExitCodes.Ok;
            }

            context.Out.Write(Find(args[1]).Help());
            return ExitCodes.Ok;
        }

        var command = Find(args[0]);
        var rest = args.Skip(1).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            context.Out.Write(command.Help());
            return ExitCodes.Ok;
        }

        return command.Run(Arguments.Parse(rest, command.Options), context);
    }

    private static Command Find(string name) =>
        Commands.FirstOrDefault(c => c.Name == name)
        ?? throw new CliException($"unknown command '{name}'", ExitCodes.Usage);

    private static string Overview()
    {
        var text = new StringWriter();
        text.WriteLine($"fota {Version}: secure firmware updates for nanoFramework devices (MCUboot images over SMP)");
        text.WriteLine();
        text.WriteLine("usage: fota COMMAND [options]     fota help COMMAND     fota --version");
        text.WriteLine();
        text.WriteLine("commands:");
        foreach (var command in Commands)
        {
            text.WriteLine($"  {command.Name,-10} {command.Summary}");
        }

        text.WriteLine();
        text.WriteLine("Every command takes --help, and --verbose for details of an error.");
        text.WriteLine("Exit codes: 0 done, 1 failed (bad image, bad key, device refused), 2 usage error.");
        return text.ToString();
    }
}
