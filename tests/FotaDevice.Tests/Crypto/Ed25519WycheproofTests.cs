using System.Text.Json;
using FotaDevice.Crypto;
using Xunit;

namespace FotaDevice.Tests.Crypto;

/// <summary>Project Wycheproof's Ed25519 verification vectors (see Vectors/wycheproof/README.md).</summary>
public class Ed25519WycheproofTests
{
    [Fact]
    public void AllWycheproofVectorsGiveTheExpectedResult()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "wycheproof", "ed25519_test.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var verifier = new Ed25519Verifier();
        var count = 0;
        var valid = 0;
        var failures = new List<string>();
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
        {
            var key = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("pk").GetString()!);
            Assert.Equal(Ed25519Verifier.PublicKeySize, key.Length);
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                count++;
                var id = test.GetProperty("tcId").GetInt32();
                var msg = Convert.FromHexString(test.GetProperty("msg").GetString()!);
                var sig = Convert.FromHexString(test.GetProperty("sig").GetString()!);
                var expected = test.GetProperty("result").GetString() == "valid";
                valid += expected ? 1 : 0;
                bool actual;
                if (sig.Length == Ed25519Verifier.SignatureSize)
                {
                    actual = verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0);
                }
                else
                {
                    // Truncated or padded: the API takes exactly 64 bytes, so such a signature cannot
                    // be valid, and handing a short one over is a range error.
                    actual = false;
                    if (sig.Length < Ed25519Verifier.SignatureSize)
                    {
                        Assert.Throws<ArgumentOutOfRangeException>(() => verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0));
                    }
                }

                if (actual != expected)
                {
                    failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): expected {expected}, got {actual}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(root.GetProperty("numberOfTests").GetInt32(), count);
        Assert.Equal(88, valid);
    }
}
