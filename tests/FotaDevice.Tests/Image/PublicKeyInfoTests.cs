using System.Security.Cryptography;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class PublicKeyInfoTests
{
    // imgtool getpub -e raw of the interop test keys (Vectors/imgtool).
    private const string ImgtoolP256 = "3059301306072a8648ce3d020106082a8648ce3d030107034200048a6d42be2dca29db78ae67d620aec2c501b25ba7410c708f9471b9d17077fa69e7ef5b9279f345f4f9bab456b0f51755afe5d1d95a618d9065ab4b3c7d2f099e";
    private const string ImgtoolEd25519 = "302a300506032b657003210009ccc26a3ca214334d638fde58dbdefafbaa2626b66542d9f6289025ddb4f2b3";

    private static ImageError ErrorOf(byte[] der) =>
        Assert.Throws<ImageException>(() => PublicKeyInfo.Parse(der, 0, der.Length)).Error;

    [Fact]
    public void ParsesP256FromDotNet()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        var p = key.ExportParameters(false);
        var info = PublicKeyInfo.Parse(spki, 0, spki.Length);
        Assert.Equal(KeyAlgorithm.EcdsaP256, info.Algorithm);
        Assert.Equal(new byte[] { 4 }.Concat(p.Q.X!).Concat(p.Q.Y!).ToArray(), info.PublicKey);
        Assert.Equal(PublicKeyInfo.EcdsaP256Size, spki.Length);
    }

    [Fact]
    public void ParsesEd25519FromBouncyCastle()
    {
        var spki = new Ed25519TestSigner().PublicKeyInfo;
        var info = PublicKeyInfo.Parse(spki, 0, spki.Length);
        Assert.Equal(KeyAlgorithm.Ed25519, info.Algorithm);
        Assert.Equal(spki[^32..], info.PublicKey);
        Assert.Equal(PublicKeyInfo.Ed25519Size, spki.Length);
    }

    [Theory]
    [InlineData(ImgtoolP256, KeyAlgorithm.EcdsaP256)]
    [InlineData(ImgtoolEd25519, KeyAlgorithm.Ed25519)]
    public void ParsesImgtoolKeys(string hex, KeyAlgorithm algorithm)
    {
        var der = Convert.FromHexString(hex);
        Assert.Equal(algorithm, PublicKeyInfo.Parse(der, 0, der.Length).Algorithm);
        var inside = new byte[] { 1, 2 }.Concat(der).Concat(new byte[] { 3 }).ToArray();
        int keyOffset, keyLength;
        Assert.Equal(algorithm, PublicKeyInfo.Inspect(inside, 2, der.Length, out keyOffset, out keyLength));
        Assert.Equal(2 + der.Length - keyLength, keyOffset);
    }

    [Theory]
    [InlineData(ImgtoolP256)]
    [InlineData(ImgtoolEd25519)]
    public void RejectsEveryTruncationAndExtension(string hex)
    {
        var der = Convert.FromHexString(hex);
        for (var n = 0; n < der.Length; n++)
        {
            Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(der[..n]));
        }

        Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(der.Concat(new byte[] { 0 }).ToArray()));
    }

    [Theory]
    [InlineData(ImgtoolP256)]
    [InlineData(ImgtoolEd25519)]
    public void RejectsEveryBitFlipInTheStructure(string hex)
    {
        // Flipping any bit of the DER framing, OIDs or point format must be refused: only the key bytes are free.
        var der = Convert.FromHexString(hex);
        int free = der.Length == 91 ? 64 : 32;
        for (var i = 0; i < der.Length - free; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var c = (byte[])der.Clone();
                c[i] ^= (byte)(1 << bit);
                Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(c));
            }
        }
    }

    [Fact]
    public void RejectsOtherCurvesAndAlgorithms()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(p384.ExportSubjectPublicKeyInfo()));
        using var rsa = RSA.Create(1024);
        Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(rsa.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void RejectsCompressedPoint()
    {
        // 33-byte compressed point in a correctly framed SPKI.
        var der = Convert.FromHexString("3039301306072a8648ce3d020106082a8648ce3d03010703220002" + new string('1', 64));
        Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(der));
    }

    [Fact]
    public void RejectsEd25519WithParameters()
    {
        // AlgorithmIdentifier { id-Ed25519, NULL }: RFC 8410 says parameters MUST be absent.
        var der = Convert.FromHexString("302c300706032b65700500032100" + new string('2', 64));
        Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(der));
    }

    [Fact]
    public void RejectsNonMinimalLength()
    {
        var der = Convert.FromHexString("30812a300506032b6570032100" + new string('3', 64));
        Assert.Equal(ImageError.MalformedPublicKey, ErrorOf(der));
    }
}
