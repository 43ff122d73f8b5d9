using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace FotaDevice.Cli.CommandLine;

/// <summary>What a command may use: its output streams, the verbosity, JSON output, a console for progress.</summary>
public sealed class CliContext
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private IAnsiConsole? _errorConsole;

    /// <summary>Creates the context; <paramref name="terminal"/> says whether <paramref name="error"/> is an interactive terminal.</summary>
    public CliContext(TextWriter output, TextWriter error, bool terminal = false)
    {
        Out = output;
        Error = error;
        IsTerminal = terminal;
    }

    /// <summary>Console input (the virtual device's keys).</summary>
    public TextReader In { get; init; } = Console.In;

    /// <summary>Results go here (and only results, with --json).</summary>
    public TextWriter Out { get; }

    /// <summary>Errors, warnings, notes, progress and SMP frames go here.</summary>
    public TextWriter Error { get; }

    /// <summary>True when <see cref="Error"/> is a terminal: progress is drawn in place.</summary>
    public bool IsTerminal { get; }

    /// <summary>How much to print besides results.</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken Cancel { get; set; }

    /// <summary>A Spectre console over <see cref="Error"/>: colors and live progress on a terminal, plain text otherwise.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
    });

    /// <summary>A note for people (not with --verbosity quiet).</summary>
    public void Note(string text)
    {
        if (Verbosity >= Verbosity.Normal)
        {
            Error.WriteLine(text);
        }
    }

    /// <summary>A warning: something the user should know before relying on the result. Always shown.</summary>
    public void Warn(string text) => Error.WriteLine($"fota: warning: {text}");

    /// <summary>Details for -v (<see cref="Verbosity.Detailed"/>).</summary>
    public void Detail(string text)
    {
        if (Verbosity >= Verbosity.Detailed)
        {
            Error.WriteLine(text);
        }
    }

    /// <summary>Writes <paramref name="value"/> as JSON (camelCase, nulls left out) to <see cref="Out"/>.</summary>
    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Json));
}
