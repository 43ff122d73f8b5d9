namespace FotaDevice.Cli;

/// <summary>One fota command. Adding a command is one class and one line in <see cref="Cli.Commands"/>.</summary>
public abstract class Command
{
    /// <summary>The word that names it: "keygen".</summary>
    public abstract string Name { get; }

    /// <summary>One line for the command list.</summary>
    public abstract string Summary { get; }

    /// <summary>The usage line after "fota NAME": "-o KEY.pem [--type ecdsa-p256|ed25519]".</summary>
    public abstract string Usage { get; }

    /// <summary>A few lines of explanation for "fota help NAME" (optional).</summary>
    public virtual string? Details => null;

    /// <summary>The options it takes (--help is added for every command).</summary>
    public abstract IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs it; returns the exit code, or throws <see cref="CliException"/> with a one-line message.</summary>
    public abstract int Run(Arguments args, CliContext context);

    /// <summary>The help text.</summary>
    public string Help()
    {
        var text = new StringWriter();
        text.WriteLine($"usage: fota {Name} {Usage}");
        text.WriteLine();
        text.WriteLine(Summary);
        if (Details != null)
        {
            text.WriteLine();
            text.WriteLine(Details.TrimEnd());
        }

        text.WriteLine();
        text.WriteLine("options:");
        foreach (var option in Options.Append(Cli.HelpOption))
        {
            var name = (option.Short is { } s ? $"-{s}, " : "    ") + "--" + option.Name + (option.Value == null ? string.Empty : " " + option.Value);
            text.WriteLine($"  {name,-34} {option.Help}{(option.Repeatable ? " (repeatable)" : string.Empty)}");
        }

        return text.ToString();
    }
}

/// <summary>What a command may use: its output streams and the working directory's files.</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Verbose { get; init; }
}
