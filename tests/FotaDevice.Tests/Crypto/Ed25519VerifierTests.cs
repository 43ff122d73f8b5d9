using System.Numerics;
using System.Security.Cryptography;
using FotaDevice.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Xunit;
using static FotaDevice.Tests.Crypto.Ed25519ArithmeticTests;
using FotaDevice.Testing.Allocations;

namespace FotaDevice.Tests.Crypto;

/// <summary>
/// Ed25519Verifier against RFC 8032's test vectors, against BouncyCastle's signer, and against
/// forged, malformed and tampered signatures.
/// </summary>
public class Ed25519VerifierTests
{
    // RFC 8032 section 7.1, TEST 1024: the 1023-byte message.
    private const string Test1024Message =
        "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
        + "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
        + "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
        + "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
        + "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed185ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
        + "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
        + "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
        + "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128bab27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
        + "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
        + "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
        + "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34dff7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
        + "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
        + "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
        + "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5fb93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
        + "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
        + "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0";

    /// <summary>RFC 8032 section 7.1: name, SECRET KEY, PUBLIC KEY, MESSAGE, SIGNATURE.</summary>
    public static TheoryData<string, string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
        {
            "TEST 1024",
            "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
            "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
            Test1024Message,
            "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"
        },
        {
            "TEST SHA(abc)",
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Rfc8032VectorsVerify(string name, string secretKey, string publicKey, string message, string signature)
    {
        var key = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        Assert.True(new Ed25519Verifier().Verify(key, 0, msg, 0, msg.Length, sig, 0), name);

        // The vector as transcribed here is the real thing: BouncyCastle derives the same key and
        // the same (deterministic) signature from the secret key.
        var priv = new Ed25519PrivateKeyParameters(Convert.FromHexString(secretKey), 0);
        Assert.Equal(key, priv.GeneratePublicKey().GetEncoded());
        Assert.Equal(sig, BouncySign(priv, msg));
    }

    [Fact]
    public void Rfc8032VectorsVerifyAtOffsetsInLargerArrays()
    {
        var verifier = new Ed25519Verifier();
        foreach (var row in Rfc8032Vectors)
        {
            var key = Convert.FromHexString((string)row[2]);
            var msg = Convert.FromHexString((string)row[3]);
            var sig = Convert.FromHexString((string)row[4]);
            var keyBuffer = Place(key, 3, 5);
            var msgBuffer = Place(msg, 17, 2);
            var sigBuffer = Place(sig, 1, 9);
            Assert.True(verifier.Verify(keyBuffer, 3, msgBuffer, 17, msg.Length, sigBuffer, 1), (string)row[0]);
        }
    }

    // The MCUboot use: the signed message is the image's 32-byte SHA-256 digest.
    [Fact]
    public void BouncyCastleSignaturesOfDigestsVerifyForManyKeys()
    {
        var random = new SecureRandom();
        var verifier = new Ed25519Verifier();
        var image = new byte[300];
        for (var i = 0; i < 256; i++)
        {
            var priv = new Ed25519PrivateKeyParameters(random);
            var key = priv.GeneratePublicKey().GetEncoded();
            random.NextBytes(image);
            var digest = SHA256.HashData(image);
            var sig = BouncySign(priv, digest);
            Assert.True(verifier.Verify(key, 0, digest, 0, digest.Length, sig, 0), $"key {Convert.ToHexString(key)}");

            // The same signature does not verify another digest or under another key.
            var other = (byte[])digest.Clone();
            other[i % 32] ^= (byte)(1 << (i % 8));
            Assert.False(verifier.Verify(key, 0, other, 0, other.Length, sig, 0));
            var otherKey = new Ed25519PrivateKeyParameters(random).GeneratePublicKey().GetEncoded();
            Assert.False(verifier.Verify(otherKey, 0, digest, 0, digest.Length, sig, 0));
        }
    }

    [Fact]
    public void BouncyCastleSignaturesOfVariousLengthsVerify()
    {
        var random = new SecureRandom();
        var verifier = new Ed25519Verifier();
        foreach (var length in new[] { 0, 1, 63, 64, 111, 112, 127, 128, 129, 1000, 5000 })
        {
            var priv = new Ed25519PrivateKeyParameters(random);
            var key = priv.GeneratePublicKey().GetEncoded();
            var msg = new byte[length];
            random.NextBytes(msg);
            Assert.True(verifier.Verify(key, 0, msg, 0, msg.Length, BouncySign(priv, msg), 0), $"length {length}");
        }
    }

    // Every single-bit change of the message, the signature or the key must fail.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryBitFlipFails(int seed)
    {
        var priv = new Ed25519PrivateKeyParameters(DeterministicSeed(seed), 0);
        var key = priv.GeneratePublicKey().GetEncoded();
        var msg = SHA256.HashData(BitConverter.GetBytes(seed));
        var sig = BouncySign(priv, msg);
        var verifier = new Ed25519Verifier();
        Assert.True(verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0));

        foreach (var target in new[] { msg, sig, key })
        {
            for (var bit = 0; bit < target.Length * 8; bit++)
            {
                target[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0), $"bit {bit} of a {target.Length}-byte field");
                target[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }

        Assert.True(verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0));
    }

    // S + L is the same residue, so [S]B is unchanged: only the canonical-S rule rejects it.
    [Fact]
    public void NonCanonicalSIsRejected()
    {
        var (key, msg, sig) = Rfc(1);
        var verifier = new Ed25519Verifier();
        Assert.True(verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0));

        var s = new BigInteger(sig.AsSpan(32), isUnsigned: true);
        foreach (var bad in new[] { s + L, s + 2 * L, L, BigInteger.Pow(2, 256) - 1 })
        {
            var forged = (byte[])sig.Clone();
            Array.Clear(forged, 32, 32);
            bad.TryWriteBytes(forged.AsSpan(32), out _, isUnsigned: true);
            Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, forged, 0), bad.ToString("x"));
        }
    }

    // Encodings with y >= p: y = p + 3 would mean the valid point with y = 3 to a lenient decoder.
    [Fact]
    public void NonCanonicalPointEncodingsAreRejected()
    {
        var (key, msg, sig) = Rfc(2);
        var verifier = new Ed25519Verifier();
        foreach (var bad in new[] { Encode(P + 3), Encode(P + 3, sign: true), Encode(P), Encode(P + 1), Encode(BigInteger.Pow(2, 255) - 1, sign: true) })
        {
            Assert.False(verifier.Verify(bad, 0, msg, 0, msg.Length, sig, 0), "A = " + Convert.ToHexString(bad));
            var forged = (byte[])sig.Clone();
            bad.CopyTo(forged, 0);
            Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, forged, 0), "R = " + Convert.ToHexString(bad));
        }
    }

    // A key or R that is not on the curve (y = 2 has no x) fails without an exception.
    [Fact]
    public void PointsOffTheCurveAreRejected()
    {
        var (key, msg, sig) = Rfc(2);
        var verifier = new Ed25519Verifier();
        var offCurve = Encode(2);
        Assert.False(verifier.Verify(offCurve, 0, msg, 0, msg.Length, sig, 0));
        var forged = (byte[])sig.Clone();
        offCurve.CopyTo(forged, 0);
        Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, forged, 0));
    }

    /// <summary>
    /// With the identity as the key, [k]A vanishes and (R, S) = ([a]B, a) satisfies
    /// [S]B = R + [k]A for every message: a verifier without the small-order rule accepts it.
    /// </summary>
    [Fact]
    public void SmallOrderKeyIsRejectedEvenWhereTheEquationHolds()
    {
        var (a, aPoint) = KnownScalarPoint(7);
        var sig = new byte[64];
        aPoint.CopyTo(sig, 0);
        ScalarBytes(a).CopyTo(sig, 32);
        var msg = SHA256.HashData("any image"u8.ToArray());
        var verifier = new Ed25519Verifier();

        // [S]B = [a]B = R and [k]A is the identity for every k: the equation holds, only the rule rejects it.
        var identity = Encode(1);
        Assert.False(verifier.Verify(identity, 0, msg, 0, msg.Length, sig, 0));

        // The identity with the sign bit set (x = 0, sign 1) is not a valid encoding at all.
        Assert.False(verifier.Verify(Encode(1, sign: true), 0, msg, 0, msg.Length, sig, 0));

        foreach (var hex in SmallOrderEncodings)
        {
            Assert.False(verifier.Verify(Convert.FromHexString(hex), 0, msg, 0, msg.Length, sig, 0), hex);
        }
    }

    /// <summary>
    /// With R the identity, S = k a satisfies [S]B = R + [k]A: a verifier without the small-order
    /// rule on R accepts it. The same signer with a proper R (S = r + k a) is the control.
    /// </summary>
    [Fact]
    public void SmallOrderRIsRejectedEvenWhereTheEquationHolds()
    {
        var (a, key) = KnownScalarPoint(11);
        var (r, rPoint) = KnownScalarPoint(12);
        var msg = SHA256.HashData("firmware"u8.ToArray());
        var verifier = new Ed25519Verifier();

        var control = SignWith(a, key, r, rPoint, msg);
        Assert.True(verifier.Verify(key, 0, msg, 0, msg.Length, control, 0));

        var forged = SignWith(a, key, BigInteger.Zero, Encode(1), msg);
        Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, forged, 0));

        foreach (var hex in SmallOrderEncodings)
        {
            var sig = SignWith(a, key, BigInteger.Zero, Convert.FromHexString(hex), msg);
            Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0), hex);
        }

        // x = 0 with the sign bit set, as R.
        var badR = SignWith(a, key, BigInteger.Zero, Encode(1, sign: true), msg);
        Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, badR, 0));
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var (key, msg, sig) = Rfc(2);
        var v = new Ed25519Verifier();
        Assert.Equal("publicKey", Assert.Throws<ArgumentNullException>(() => v.Verify(null!, 0, msg, 0, 1, sig, 0)).ParamName);
        Assert.Equal("message", Assert.Throws<ArgumentNullException>(() => v.Verify(key, 0, null!, 0, 0, sig, 0)).ParamName);
        Assert.Equal("signature", Assert.Throws<ArgumentNullException>(() => v.Verify(key, 0, msg, 0, 1, null!, 0)).ParamName);

        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(new byte[31], 0, msg, 0, 1, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 1, msg, 0, 1, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, -1, msg, 0, 1, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 0, 2, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 1, 1, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, -1, 1, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 0, -1, sig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 0, 1, new byte[63], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 0, 1, sig, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 0, 1, sig, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Verify(key, 0, msg, 0, 1, sig, int.MaxValue));

        // The verifier is still usable afterwards.
        Assert.True(v.Verify(key, 0, msg, 0, msg.Length, sig, 0));
    }

    [Fact]
    public void VerifyAllocatesNothingAfterWarmUp()
    {
        var (key, msg, sig) = Rfc(1024);
        var bad = (byte[])sig.Clone();
        bad[5] ^= 1;
        var verifier = new Ed25519Verifier();
        Assert.True(verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0));
        Assert.False(verifier.Verify(key, 0, msg, 0, msg.Length, bad, 0));

        var results = 0;
        Assert.Equal(0, AllocationCount.Of(() =>
        {
            results = 0;
            for (var i = 0; i < 5; i++)
            {
                results += verifier.Verify(key, 0, msg, 0, msg.Length, sig, 0) ? 1 : 0;
                results += verifier.Verify(key, 0, msg, 0, msg.Length, bad, 0) ? 1 : 0;
            }
        }));
        Assert.Equal(5, results);
    }

    internal static (byte[] Key, byte[] Message, byte[] Signature) Rfc(int test)
    {
        var name = test switch
        {
            1 => "TEST 1",
            2 => "TEST 2",
            3 => "TEST 3",
            1024 => "TEST 1024",
            _ => throw new ArgumentOutOfRangeException(nameof(test)),
        };
        var row = Rfc8032Vectors.Single(r => (string)r[0] == name);
        return (Convert.FromHexString((string)row[2]), Convert.FromHexString((string)row[3]), Convert.FromHexString((string)row[4]));
    }

    internal static byte[] BouncySign(Ed25519PrivateKeyParameters priv, byte[] msg)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, priv);
        signer.BlockUpdate(msg, 0, msg.Length);
        return signer.GenerateSignature();
    }

    /// <summary>
    /// A scalar and the encoding of its multiple of B, without our own point arithmetic: an
    /// Ed25519 public key is [a]B with a = the clamped first half of SHA-512(seed)
    /// (RFC 8032 section 5.1.5), and BouncyCastle computes the point.
    /// </summary>
    private static (BigInteger Scalar, byte[] Point) KnownScalarPoint(int seed)
    {
        var secret = DeterministicSeed(seed);
        var h = SHA512.HashData(secret);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        var a = new BigInteger(h.AsSpan(0, 32), isUnsigned: true);
        return (a, new Ed25519PrivateKeyParameters(secret, 0).GeneratePublicKey().GetEncoded());
    }

    // RFC 8032 section 5.1.6 step 4-6 with a chosen r: S = r + SHA-512(R || A || M) a mod L.
    private static byte[] SignWith(BigInteger a, byte[] key, BigInteger r, byte[] rPoint, byte[] msg)
    {
        var k = new BigInteger(SHA512.HashData([.. rPoint, .. key, .. msg]), isUnsigned: true) % L;
        var sig = new byte[64];
        rPoint.CopyTo(sig, 0);
        ScalarBytes((r + k * a) % L).CopyTo(sig, 32);
        return sig;
    }

    private static byte[] ScalarBytes(BigInteger s)
    {
        var bytes = new byte[32];
        (s % L).TryWriteBytes(bytes, out _, isUnsigned: true);
        return bytes;
    }

    private static byte[] DeterministicSeed(int seed) => SHA256.HashData(BitConverter.GetBytes(seed));

    private static byte[] Place(byte[] data, int before, int after)
    {
        var buffer = new byte[before + data.Length + after];
        Array.Fill(buffer, (byte)0xa5);
        data.CopyTo(buffer, before);
        return buffer;
    }
}
