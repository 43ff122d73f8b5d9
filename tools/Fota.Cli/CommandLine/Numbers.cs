using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace FotaDevice.Cli.CommandLine;

/// <summary>Numbers on the command line: decimal, or hexadecimal with 0x (<c>--header-size 0x200</c>); '_' may group digits.</summary>
public static class Numbers
{
    /// <summary>Parses <paramref name="text"/>; null when it is not a number of type <typeparamref name="T"/>.</summary>
    public static T? TryParse<T>(string text)
        where T : struct, IBinaryInteger<T>
    {
        var digits = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (hex)
        {
            digits = digits[2..];
        }

        if (digits.Length == 0)
        {
            return null;
        }

        if (hex)
        {
            // Parsed unsigned (a signed type's hex parse reads the top bit as a sign), then range-checked.
            if (digits.StartsWith('+') || digits.StartsWith('-') || !UInt128.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var big))
            {
                return null;
            }

            try
            {
                return T.CreateChecked(big);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return T.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>An option taking a number of type <typeparamref name="T"/> at least <paramref name="minimum"/>, decimal or 0x hexadecimal.</summary>
    public static Option<T?> Option<T>(string name, string description, string helpName, T minimum, params string[] aliases)
        where T : struct, IBinaryInteger<T>
    {
        var option = new Option<T?>(name, aliases) { Description = description, HelpName = helpName };
        option.CustomParser = result => Parse(result, name, minimum);
        return option;
    }

    /// <summary>An option taking a number of type <typeparamref name="T"/> from <paramref name="minimum"/> to <paramref name="maximum"/>, decimal or 0x hexadecimal.</summary>
    public static Option<T?> Between<T>(string name, string description, string helpName, T minimum, T maximum)
        where T : struct, IBinaryInteger<T>
    {
        var option = new Option<T?>(name) { Description = description, HelpName = helpName };
        option.CustomParser = result => Parse(result, name, minimum, maximum);
        return option;
    }

    /// <summary>A required-value parser for <see cref="Option{T}"/> and arguments.</summary>
    public static T? Parse<T>(ArgumentResult result, string name, T minimum, T? maximum = null)
        where T : struct, IBinaryInteger<T>
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[^1].Value;
        var value = TryParse<T>(text);
        if (value == null)
        {
            result.AddError($"{name}: '{text}' is not a number (decimal, or hexadecimal as 0x1F)");
            return null;
        }

        if (value.Value < minimum)
        {
            result.AddError($"{name}: {text} is less than {minimum}");
            return null;
        }

        if (maximum is { } most && value.Value > most)
        {
            result.AddError($"{name}: {text} is more than {most}");
            return null;
        }

        return value;
    }
}
