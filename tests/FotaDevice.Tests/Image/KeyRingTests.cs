using System.Security.Cryptography;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class KeyRingTests
{
    [Fact]
    public void KeyHashIsSha256OfTheSpki()
    {
        using var ecdsa = new EcdsaTestSigner();
        var ed = new Ed25519TestSigner();
        var ring = new KeyRing();
        var a = ring.Add(ecdsa.PublicKeyInfo);
        var b = ring.Add(ed.PublicKeyInfo);
        Assert.Equal(SHA256.HashData(ecdsa.PublicKeyInfo), a.KeyHash);
        Assert.Equal(SHA256.HashData(ed.PublicKeyInfo), b.KeyHash);
        Assert.Equal(KeyAlgorithm.EcdsaP256, a.Algorithm);
        Assert.Equal(KeyAlgorithm.Ed25519, b.Algorithm);
        Assert.Equal(2, ring.Count);
        Assert.Same(b, ring[1]);
        Assert.Equal(1, b.Index);
        Assert.Same(a, ring.Find(SHA256.HashData(ecdsa.PublicKeyInfo), 0));
        Assert.Same(b, ring.Find(new byte[3].Concat(b.KeyHash).ToArray(), 3));
        Assert.Null(ring.Find(new byte[32], 0));
        Assert.True(ring.Contains(KeyAlgorithm.Ed25519));
    }

    [Theory]
    [InlineData("ecdsa-p256.spki.der", "9c10f63997658c1dc36e3dc85cc5c8092dd1a8efd8d2a8cde67d4a921ffe3c26")]
    [InlineData("ed25519.spki.der", "1da12a4e710d9f4a5eb1136b8cda33a90c212acc5c6b8a1d84d064957e584320")]
    public void KeyHashMatchesImgtoolGetpubhash(string file, string expected)
    {
        var key = new KeyRing().Add(File.ReadAllBytes(Path.Combine("Vectors", "imgtool", file)));
        Assert.Equal(expected, TestImages.Hex(key.KeyHash));
    }

    [Fact]
    public void CopiesTheKeyAndRejectsDuplicatesAndGarbage()
    {
        var spki = new Ed25519TestSigner().PublicKeyInfo;
        var ring = new KeyRing();
        var key = ring.Add(spki);
        spki[^1] ^= 1;
        Assert.NotEqual(spki, key.SubjectPublicKeyInfo);
        spki[^1] ^= 1;
        Assert.Throws<ArgumentException>(() => ring.Add(spki));
        Assert.Equal(ImageError.MalformedPublicKey, Assert.Throws<ImageException>(() => ring.Add(new byte[] { 0x30, 0x00 })).Error);
        Assert.Equal(1, ring.Count);
    }
}
