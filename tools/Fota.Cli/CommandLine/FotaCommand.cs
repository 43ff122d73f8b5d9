using System.CommandLine;

namespace FotaDevice.Cli.CommandLine;

/// <summary>
/// One fota command. Adding a command is one class deriving from this one (or from
/// <see cref="DeviceCommand"/>) with a public parameterless constructor: <see cref="Cli"/> finds
/// every such class in this assembly and lists them in <see cref="Order"/>.
/// </summary>
public abstract class FotaCommand
{
    /// <summary>Where "fota --help" lists it: 100s keys and images, 200s devices, 300s the virtual device, 900s the shell.</summary>
    public abstract int Order { get; }

    /// <summary>The word that names it: "keygen".</summary>
    public abstract string Name { get; }

    /// <summary>One line for the command list.</summary>
    public abstract string Summary { get; }

    /// <summary>A few lines of explanation after the options in "fota NAME --help" (optional).</summary>
    public virtual string? Details => null;

    /// <summary>Adds the command's arguments and options.</summary>
    protected abstract void Define(Command command);

    /// <summary>Runs it; returns the exit code, or throws <see cref="CliException"/> with a one-line message.</summary>
    public abstract Task<int> RunAsync(ParseResult parse, CliContext context);

    /// <summary>The System.CommandLine command, with its arguments and options (not its action: <see cref="Cli"/> sets that).</summary>
    public Command Build()
    {
        var command = new Command(Name, Summary);
        Define(command);
        return command;
    }

    /// <summary>A required argument described for help.</summary>
    protected static Argument<string> Required(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.ExactlyOne };

    /// <summary>A string option.</summary>
    protected static Option<string?> Text(string name, string helpName, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = helpName };

    /// <summary>A flag.</summary>
    protected static Option<bool> Flag(string name, string description, params string[] aliases) => new(name, aliases) { Description = description };

    /// <summary>An option that may be given several times.</summary>
    protected static Option<string[]> Repeatable(string name, string helpName, string description) =>
        new(name) { Description = description + " (repeatable)", HelpName = helpName, AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };

    /// <summary>The value of a required option, or a usage error naming it.</summary>
    protected static string RequireOption(ParseResult parse, Option<string?> option, string what) =>
        parse.GetValue(option) ?? throw new CliException($"missing {option.Name} ({what})", ExitCodes.Usage);
}
