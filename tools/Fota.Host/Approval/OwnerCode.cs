using System.Security.Cryptography;
using System.Text;

namespace FotaDevice.Host.Approval;

/// <summary>
/// A device's printed owner code: 12 characters of Crockford's base32 (60 random bits; digits and
/// letters without I, L, O and U, so nothing reads as something else) and a check character, printed
/// in groups as <c>XXXX-XXXX-XXXX-C</c>. Reading it back is forgiving the way Crockford's alphabet
/// intends (any case, hyphens and spaces ignored, O read as 0, I and L as 1), and the check character
/// catches a mistyped character (except 0 and Z swapped for each other) and two neighbours swapped,
/// before a wrong proof costs a try on the device.
/// </summary>
public sealed class OwnerCode
{
    /// <summary>The 32 characters, by value.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Characters that carry the code's bits.</summary>
    public const int Length = 12;

    /// <summary>Random bits in a code.</summary>
    public const int Bits = Length * 5;

    private const int CheckModulus = 31;

    private OwnerCode(string canonical) => Text = canonical;

    /// <summary>The 12 code characters in canonical form (upper case, no check character, no hyphens): what the key is derived from.</summary>
    public string Text { get; }

    /// <summary>The check character of the code.</summary>
    public char Check => CheckOf(Text);

    /// <summary>The code as printed on the label: <c>XXXX-XXXX-XXXX-C</c>.</summary>
    public string Label => $"{Text[..4]}-{Text[4..8]}-{Text[8..]}-{Check}";

    /// <summary>A new code from the operating system's cryptographic random generator.</summary>
    public static OwnerCode New()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new OwnerCode(new string(chars));
    }

    /// <summary>Reads a code as the owner types it from the label; <see cref="FormatException"/> says what is wrong.</summary>
    public static OwnerCode Parse(string typed)
    {
        var chars = new StringBuilder();
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var value = ValueOf(c);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a character of an owner code (digits and letters other than U)");
            }

            chars.Append(Alphabet[value]);
        }

        if (chars.Length != Length + 1)
        {
            throw new FormatException($"an owner code has {Length + 1} characters (XXXX-XXXX-XXXX-C), this one has {chars.Length}");
        }

        var text = chars.ToString(0, Length);
        if (CheckOf(text) != chars[Length])
        {
            throw new FormatException("the owner code's check character does not match: a character is mistyped");
        }

        return new OwnerCode(text);
    }

    public override string ToString() => Label;

    private static int ValueOf(char c) => char.ToUpperInvariant(c) switch
    {
        'O' => 0,
        'I' or 'L' => 1,
        var upper => Alphabet.IndexOf(upper, StringComparison.Ordinal),
    };

    /// <summary>Σ (position + 1) · value mod 31: every weight is non-zero and neighbours' weights differ by 1, modulo a prime.</summary>
    private static char CheckOf(string text)
    {
        var sum = 0;
        for (var i = 0; i < text.Length; i++)
        {
            sum += (i + 1) * Alphabet.IndexOf(text[i], StringComparison.Ordinal);
        }

        return Alphabet[sum % CheckModulus];
    }
}
