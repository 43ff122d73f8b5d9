using System.Text;
using FotaDevice.Host.Approval;
using FotaDevice.Update.Approval;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit;

namespace FotaDevice.Host.Tests.Approval;

/// <summary>The owner code as printed and typed, the key the device keeps of it, and the C# the firmware build takes.</summary>
public class OwnerCodeTests
{
    [Fact]
    public void ANewCodeHasSixtyRandomBitsAndReadsBackFromItsLabel()
    {
        Assert.True(OwnerCode.Bits >= 60);
        var codes = Enumerable.Range(0, 200).Select(_ => OwnerCode.New()).ToList();
        foreach (var code in codes)
        {
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$", code.Label);
            Assert.Equal(code.Text, OwnerCode.Parse(code.Label).Text);
        }

        Assert.Equal(codes.Count, codes.Select(c => c.Text).Distinct().Count());
        Assert.Equal(32, codes.SelectMany(c => c.Text).Distinct().Count());            // every character turns up
    }

    [Fact]
    public void TypingIsForgivingAsCrockfordsAlphabetMeansIt()
    {
        var code = Make("0011ABCDEFGH");
        var typed = code.Label.ToLowerInvariant().Replace("-", " ").Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(code.Text, OwnerCode.Parse(typed).Text);
        Assert.Equal(code.Text, OwnerCode.Parse(code.Label.Replace("-", string.Empty).Replace('1', 'I')).Text);
    }

    [Theory]
    [InlineData("K7QM-4RTX-9PZC", "13 characters")]
    [InlineData("K7QM-4RTX-9PZC-AA", "13 characters")]
    [InlineData("K7QM-4RTX-9PZU-A", "'U'")]
    [InlineData("K7QM-4RTX-9PZ!-A", "'!'")]
    public void AMalformedCodeSaysWhatIsWrong(string typed, string message)
    {
        Assert.Contains(message, Assert.Throws<FormatException>(() => OwnerCode.Parse(typed)).Message);
    }

    [Fact]
    public void TheCheckCharacterCatchesEveryMistypedCharacterAndEverySwapOfNeighbours()
    {
        var code = Make("7M3K9QZ0XT4W");
        var label = code.Text + code.Check;
        var missed = new List<string>();
        for (var i = 0; i < label.Length; i++)
        {
            foreach (var c in OwnerCode.Alphabet.Where(c => c != label[i]))
            {
                var typo = label[..i] + c + label[(i + 1)..];
                if (Parses(typo) && !(IsZeroZ(label[i], c) && i < OwnerCode.Length))
                {
                    missed.Add(typo);
                }
            }

            if (i + 1 < label.Length && label[i] != label[i + 1])
            {
                var swapped = label[..i] + label[i + 1] + label[i] + label[(i + 2)..];
                if (Parses(swapped) && !IsZeroZ(label[i], label[i + 1]))
                {
                    missed.Add(swapped);
                }
            }
        }

        Assert.Empty(missed);
    }

    [Fact]
    public void TheKeyIsPbkdf2HmacSha256OfTheCanonicalCodeAndTheSalt()
    {
        var code = Make("7M3K9QZ0XT4W");
        var salt = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var pbkdf2 = new Pkcs5S2ParametersGenerator(new Sha256Digest());
        pbkdf2.Init(Encoding.ASCII.GetBytes("7M3K9QZ0XT4W"), salt, OwnerCodeKeys.Iterations);
        var expected = ((KeyParameter)pbkdf2.GenerateDerivedMacParameters(256)).GetKey();
        Assert.Equal(expected, OwnerCodeKeys.Derive(code, salt));
        Assert.Equal(expected, OwnerCodeKeys.Derive(OwnerCode.Parse(code.Label.ToLowerInvariant()), salt));
        Assert.NotEqual(expected, OwnerCodeKeys.Derive(code, salt.Reverse().ToArray()));
        Assert.Throws<ArgumentException>(() => OwnerCodeKeys.Derive(code, new byte[8]));
    }

    [Fact]
    public void EachProvisioningHasItsOwnSalt()
    {
        var code = OwnerCode.New();
        var a = OwnerCodeKeys.Provision(code);
        var b = OwnerCodeKeys.Provision(code);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Key, b.Key);
        Assert.Equal(a.Key, OwnerCodeKeys.Derive(code, a.Salt));
    }

    [Fact]
    public void TheProofIsHmacSha256OfChallengeHashAndAction()
    {
        var key = Enumerable.Repeat((byte)7, 32).ToArray();
        var challenge = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var hash = Enumerable.Repeat((byte)0xAB, 32).ToArray();
        var expected = System.Security.Cryptography.HMACSHA256.HashData(key, (byte[])[.. challenge, .. hash, (byte)ApprovalAction.Trial]);
        Assert.Equal(expected, OwnerCodeKeys.Proof(key, challenge, ApprovalAction.Trial, hash));
        Assert.NotEqual(expected, OwnerCodeKeys.Proof(key, challenge, ApprovalAction.Permanent, hash));
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(key, (byte[])[.. challenge, .. new byte[32], (byte)ApprovalAction.Reset]),
            OwnerCodeKeys.Proof(key, challenge, ApprovalAction.Reset, null));
    }

    [Fact]
    public void TheFirmwareSourceHoldsTheSaltAndKeyButNeverTheCode()
    {
        var code = OwnerCode.New();
        var stored = OwnerCodeKeys.Provision(code);
        var source = OwnerCodeSource.For(stored, "device 42");
        Assert.Contains("public static readonly OwnerCodeKey Key = new OwnerCodeKey(", source);
        Assert.Contains(string.Join(", ", stored.Salt.Select(b => "0x" + b.ToString("X2"))), source);
        Assert.Contains(string.Join(", ", stored.Key.Select(b => "0x" + b.ToString("X2"))), source);
        Assert.DoesNotContain(code.Text, source);
        Assert.DoesNotContain(code.Text[..4], source);
    }

    private static OwnerCode Make(string text) =>
        OwnerCode.Alphabet.Select(c => text + c).Where(Parses).Select(OwnerCode.Parse).Single();

    private static bool Parses(string typed)
    {
        try
        {
            OwnerCode.Parse(typed);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsZeroZ(char a, char b) => (a == '0' && b == 'Z') || (a == 'Z' && b == '0');
}
