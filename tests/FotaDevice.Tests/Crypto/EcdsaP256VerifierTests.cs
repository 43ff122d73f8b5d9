using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using FotaDevice.Crypto;
using Org.BouncyCastle.Asn1.X9;
using Xunit;
using static FotaDevice.Tests.Crypto.P256TestMath;
using BcInteger = Org.BouncyCastle.Math.BigInteger;
using FotaDevice.Testing.Allocations;

namespace FotaDevice.Tests.Crypto;

public class EcdsaP256VerifierTests
{
    // RFC 6979 appendix A.2.5: the P-256 key pair and the SHA-256 signatures of "sample" and "test".
    private const string Rfc6979PrivateKey = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
    private const string Rfc6979PublicKey =
        "04" +
        "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6" +
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";

    private const string Rfc6979SampleSignature =
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716" +
        "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";

    private const string Rfc6979TestSignature =
        "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367" +
        "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083";

    private readonly EcdsaP256Verifier _verifier = new();

    [Fact]
    public void Rfc6979KeyIsThePrivateKeyTimesG()
    {
        var g = ECNamedCurveTable.GetByName("P-256").G;
        var q = g.Multiply(new BcInteger(Rfc6979PrivateKey, 16)).Normalize();
        Assert.Equal(Hex(Rfc6979PublicKey), q.GetEncoded(false));
    }

    [Theory]
    [InlineData("sample", Rfc6979SampleSignature, true)]
    [InlineData("test", Rfc6979TestSignature, true)]
    [InlineData("test", Rfc6979SampleSignature, false)]
    [InlineData("sample", Rfc6979TestSignature, false)]
    public void Rfc6979Signatures(string message, string signature, bool valid)
    {
        var key = Hex(Rfc6979PublicKey);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(message));
        Assert.Equal(valid, _verifier.Verify(key, 0, hash, 0, Hex(signature), 0));
        Assert.Equal(valid, DotNetVerify(key, hash, Hex(signature))); // the vector itself, independently
    }

    [Fact]
    public void SignaturesByDotNetVerify()
    {
        var random = new Random(6979);
        for (var i = 0; i < 220; i++)
        {
            var (key, hash, signature) = DotNetSignature(random, 1 + random.Next(300));
            Assert.True(_verifier.Verify(key, 0, hash, 0, signature, 0), $"signature {i}");

            // A few bits flipped at random places of hash, signature and key: all must fail.
            for (var j = 0; j < 4; j++)
            {
                Assert.False(_verifier.Verify(key, 0, Flip(hash, random.Next(256)), 0, signature, 0));
                Assert.False(_verifier.Verify(key, 0, hash, 0, Flip(signature, random.Next(512)), 0));
                Assert.False(_verifier.Verify(Flip(key, random.Next(520)), 0, hash, 0, signature, 0));
            }
        }
    }

    [Fact]
    public void EverySingleBitFlipFails()
    {
        var random = new Random(42);
        for (var i = 0; i < 3; i++)
        {
            var (key, hash, signature) = DotNetSignature(random, 64);
            Assert.True(_verifier.Verify(key, 0, hash, 0, signature, 0));
            for (var bit = 0; bit < hash.Length * 8; bit++)
            {
                Assert.False(_verifier.Verify(key, 0, Flip(hash, bit), 0, signature, 0), $"hash bit {bit}");
            }

            for (var bit = 0; bit < signature.Length * 8; bit++)
            {
                Assert.False(_verifier.Verify(key, 0, hash, 0, Flip(signature, bit), 0), $"signature bit {bit}");
            }

            for (var bit = 0; bit < key.Length * 8; bit++)
            {
                Assert.False(_verifier.Verify(Flip(key, bit), 0, hash, 0, signature, 0), $"key bit {bit}");
            }
        }
    }

    [Fact]
    public void TheOtherSOfASignatureAlsoVerifies()
    {
        // (r, n - s) is as valid as (r, s) in ECDSA; the verifier does not impose low s.
        var (key, hash, signature) = DotNetSignature(new Random(3), 10);
        var s = FromBytes(signature.AsSpan(32));
        var other = signature[..32].Concat(Bytes32(N - s)).ToArray();
        Assert.True(_verifier.Verify(key, 0, hash, 0, other, 0));
    }

    [Fact]
    public void MalformedSignaturesFail()
    {
        var (key, hash, signature) = DotNetSignature(new Random(5), 20);
        var r = FromBytes(signature.AsSpan(0, 32));
        var s = FromBytes(signature.AsSpan(32));
        var max = (BigInteger.One << 256) - 1;

        var bad = new (BigInteger R, BigInteger S, string Why)[]
        {
            (0, s, "r = 0"), (r, 0, "s = 0"), (0, 0, "r = s = 0"),
            (N, s, "r = n"), (r, N, "s = n"), (N + 1, s, "r = n + 1"), (r, N + 1, "s = n + 1"),
            (r + N, s, "r + n"), (r, s + N < max ? s + N : max, "s + n"), (max, s, "r = 2^256 - 1"), (r, max, "s = 2^256 - 1"),
            (s, r, "r and s swapped"), (r, 1, "s = 1"), (1, s, "r = 1"),
        };
        foreach (var (badR, badS, why) in bad)
        {
            var candidate = Bytes32(badR & max).Concat(Bytes32(badS & max)).ToArray();
            Assert.False(_verifier.Verify(key, 0, hash, 0, candidate, 0), why);
        }

        Assert.True(_verifier.Verify(key, 0, hash, 0, signature, 0));
    }

    [Fact]
    public void MalformedKeysFail()
    {
        var (key, hash, signature) = DotNetSignature(new Random(9), 20);
        var x = FromBytes(key.AsSpan(1, 32));
        var y = FromBytes(key.AsSpan(33, 32));

        foreach (var prefix in new byte[] { 0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xFF })
        {
            var bad = (byte[])key.Clone();
            bad[0] = prefix;
            Assert.False(_verifier.Verify(bad, 0, hash, 0, signature, 0), $"prefix {prefix:x2}");
        }

        var keys = new (BigInteger X, BigInteger Y, string Why)[]
        {
            (P, y, "X = p"), (x, P, "Y = p"), (x + P < BigInteger.One << 256 ? x + P : P + 1, y, "X >= p"),
            (x, y + P < BigInteger.One << 256 ? y + P : P + 1, "Y >= p"), ((BigInteger.One << 256) - 1, y, "X = 2^256 - 1"),
            (x, (y + 1) % P, "off the curve"), (x, P - y, "the negated key"), (0, 0, "(0, 0)"),
        };
        foreach (var (badX, badY, why) in keys)
        {
            var bad = new byte[] { 0x04 }.Concat(Bytes32(badX)).Concat(Bytes32(badY)).ToArray();
            Assert.False(_verifier.Verify(bad, 0, hash, 0, signature, 0), why);
        }

        Assert.False(_verifier.Verify(new byte[65], 0, hash, 0, signature, 0), "all-zero key");
        Assert.True(_verifier.Verify(key, 0, hash, 0, signature, 0));
    }

    [Fact]
    public void KeyEqualToGAndHashEqualToZeroOrNAreHandled()
    {
        // Q = G makes u1 G and u2 Q share points (additions of equal points double); a zero hash
        // makes u1 = 0; a hash equal to n must act as 0.
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Bytes32(1) });
        var key = PublicKey(ecdsa);
        foreach (var hash in new[] { new byte[32], Bytes32(N), Bytes32(N - 1), SHA256.HashData("x"u8) })
        {
            var signature = ecdsa.SignHash(hash);
            Assert.True(_verifier.Verify(key, 0, hash, 0, signature, 0));
        }
    }

    [Fact]
    public void OffsetsInsideLargerArraysWork()
    {
        var (key, hash, signature) = DotNetSignature(new Random(11), 33);
        var keyBuffer = new byte[100];
        var hashBuffer = new byte[50];
        var signatureBuffer = new byte[70];
        key.CopyTo(keyBuffer, 35);
        hash.CopyTo(hashBuffer, 18);
        signature.CopyTo(signatureBuffer, 6);
        Assert.True(_verifier.Verify(keyBuffer, 35, hashBuffer, 18, signatureBuffer, 6));
    }

    [Fact]
    public void BadRangesThrow()
    {
        var (key, hash, signature) = DotNetSignature(new Random(12), 1);
        Assert.Throws<ArgumentNullException>(() => _verifier.Verify(null!, 0, hash, 0, signature, 0));
        Assert.Throws<ArgumentNullException>(() => _verifier.Verify(key, 0, null!, 0, signature, 0));
        Assert.Throws<ArgumentNullException>(() => _verifier.Verify(key, 0, hash, 0, null!, 0));

        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, -1, hash, 0, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 1, hash, 0, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key[..64], 0, hash, 0, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 0, hash, -1, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 0, hash, 1, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 0, hash[..31], 0, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 0, hash, 0, signature, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 0, hash, 0, signature, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, 0, hash, 0, signature[..63], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, int.MaxValue, hash, 0, signature, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _verifier.Verify(key, int.MinValue, hash, 0, signature, 0));
    }

    [Fact]
    public void VerifyAllocatesNothing()
    {
        var (key, hash, signature) = DotNetSignature(new Random(13), 40);
        var wrong = Flip(signature, 100);
        var badKey = Flip(key, 300);
        for (var i = 0; i < 5; i++)
        {
            _verifier.Verify(key, 0, hash, 0, signature, 0);
            _verifier.Verify(key, 0, hash, 0, wrong, 0);
        }

        var results = 0;
        var allocated = AllocationCount.Of(() =>
        {
            results = 0;
            for (var i = 0; i < 20; i++)
            {
                results += _verifier.Verify(key, 0, hash, 0, signature, 0) ? 1 : 0;
                results += _verifier.Verify(key, 0, hash, 0, wrong, 0) ? 1 : 0;
                results += _verifier.Verify(badKey, 0, hash, 0, signature, 0) ? 1 : 0;
            }
        });
        Assert.Equal(20, results);
        Assert.Equal(0, allocated);
    }

    private static (byte[] Key, byte[] Hash, byte[] Signature) DotNetSignature(Random random, int messageLength)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = new byte[messageLength];
        random.NextBytes(message);
        var hash = SHA256.HashData(message);
        var signature = ecdsa.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return (PublicKey(ecdsa), hash, signature);
    }

    private static byte[] PublicKey(ECDsa ecdsa)
    {
        var q = ecdsa.ExportParameters(false).Q;
        return new byte[] { 0x04 }.Concat(q.X!).Concat(q.Y!).ToArray();
    }

    private static bool DotNetVerify(byte[] key, byte[] hash, byte[] signature)
    {
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = key[1..33], Y = key[33..] },
        });
        return ecdsa.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static byte[] Flip(byte[] data, int bit)
    {
        var copy = (byte[])data.Clone();
        copy[bit / 8] ^= (byte)(0x80 >> (bit % 8));
        return copy;
    }
}
