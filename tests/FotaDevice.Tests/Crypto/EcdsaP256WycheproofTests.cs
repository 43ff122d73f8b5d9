using System.Security.Cryptography;
using System.Text.Json;
using FotaDevice.Crypto;
using Xunit;

namespace FotaDevice.Tests.Crypto;

/// <summary>
/// Project Wycheproof's ECDSA P-256 / SHA-256 vectors in IEEE P1363 form (Vectors/README.md
/// names the file and commit). Every case is run: "valid" must verify, "invalid" must not.
/// The file has no "acceptable" cases; should a later version bring some, they are treated as
/// must-not-verify (this verifier accepts only the one strict encoding), and the test says so.
/// </summary>
public class EcdsaP256WycheproofTests
{
    private const string VectorFile = "ecdsa_secp256r1_sha256_p1363_test.json";

    [Fact]
    public void EveryTestCaseGivesTheExpectedResult()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", VectorFile)));
        var root = document.RootElement;
        Assert.Equal("ECDSA", root.GetProperty("algorithm").GetString());

        var verifier = new EcdsaP256Verifier();
        var failures = new List<string>();
        int total = 0, valid = 0, wrongSize = 0;
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
        {
            Assert.Equal("secp256r1", group.GetProperty("publicKey").GetProperty("curve").GetString());
            Assert.Equal("SHA-256", group.GetProperty("sha").GetString());
            var key = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!);
            Assert.Equal(EcdsaP256Verifier.PublicKeySize, key.Length);

            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                total++;
                var id = test.GetProperty("tcId").GetInt32();
                var result = test.GetProperty("result").GetString();
                var hash = SHA256.HashData(Convert.FromHexString(test.GetProperty("msg").GetString()!));
                var signature = Convert.FromHexString(test.GetProperty("sig").GetString()!);
                var expected = result == "valid";
                valid += expected ? 1 : 0;

                bool actual;
                if (signature.Length != EcdsaP256Verifier.SignatureSize)
                {
                    // The verifier takes exactly 64 bytes; any other size is rejected before it
                    // is reached, by whoever decodes the signature.
                    wrongSize++;
                    actual = false;
                }
                else
                {
                    actual = verifier.Verify(key, 0, hash, 0, signature, 0);
                }

                if (actual != expected)
                {
                    failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): expected {result}, got {actual}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(root.GetProperty("numberOfTests").GetInt32(), total);
        Assert.Equal(252, total);
        Assert.Equal(169, valid);
        Assert.Equal(21, wrongSize);
    }
}
