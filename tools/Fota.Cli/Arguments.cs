namespace FotaDevice.Cli;

/// <summary>One option a command takes.</summary>
/// <param name="Name">The long name, without dashes.</param>
/// <param name="Value">What its value is called in help, or null for a flag.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Short">A one-letter alias, or null.</param>
/// <param name="Repeatable">True if it may be given several times.</param>
public sealed record OptionSpec(string Name, string? Value, string Help, char? Short = null, bool Repeatable = false);

/// <summary>The parsed command line of one command: positional arguments and options.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    /// <summary>Parses <paramref name="args"/> against the command's options; unknown options are usage errors.</summary>
    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var parsed = new Arguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                parsed.Positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                parsed.Positional.Add(arg);
                continue;
            }

            string name;
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                var equals = name.IndexOf('=');
                if (equals >= 0)
                {
                    inline = name[(equals + 1)..];
                    name = name[..equals];
                }
            }
            else
            {
                name = specs.FirstOrDefault(s => s.Short == arg[1] && arg.Length == 2)?.Name
                    ?? throw new CliException($"unknown option {arg}", ExitCodes.Usage);
            }

            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new CliException($"unknown option --{name}", ExitCodes.Usage);
            string value;
            if (spec.Value == null)
            {
                if (inline != null)
                {
                    throw new CliException($"--{name} takes no value", ExitCodes.Usage);
                }

                value = "true";
            }
            else if (inline != null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new CliException($"--{name} needs a value ({spec.Value})", ExitCodes.Usage);
            }

            if (!parsed._options.TryGetValue(name, out var values))
            {
                parsed._options[name] = values = [];
            }
            else if (!spec.Repeatable)
            {
                throw new CliException($"--{name} given twice", ExitCodes.Usage);
            }

            values.Add(value);
        }

        return parsed;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public string Require(string name, string what) =>
        Get(name) ?? throw new CliException($"missing --{name} ({what})", ExitCodes.Usage);

    /// <summary>The single positional argument, or a usage error naming it.</summary>
    public string Single(string what)
    {
        if (Positional.Count == 0)
        {
            throw new CliException($"missing {what}", ExitCodes.Usage);
        }

        if (Positional.Count > 1)
        {
            throw new CliException($"unexpected argument {Positional[1]}", ExitCodes.Usage);
        }

        return Positional[0];
    }

    public int? GetInt(string name)
    {
        var text = Get(name);
        if (text == null)
        {
            return null;
        }

        return int.TryParse(text, out var value) ? value : throw new CliException($"--{name}: not a number: {text}", ExitCodes.Usage);
    }
}
