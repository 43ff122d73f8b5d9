using FotaDevice.Host.Images;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

// The validator with the device's own signature verifiers (SignatureVerifier →
// EcdsaP256Verifier / Ed25519Verifier), as it runs on the board. Everything else about the
// validator is tested in ImageValidatorTests with the host's verifier standing in.

/// <summary>Images signed with ECDSA P-256, checked by <see cref="Crypto.EcdsaP256Verifier"/>.</summary>
public class ImageDeviceEcdsaTests
{
    private static ImageValidator Validator(params byte[][] keys)
    {
        var ring = new KeyRing();
        foreach (var k in keys)
        {
            ring.Add(k);
        }

        return new ImageValidator(ring, 1 << 20, BundleRuntime.None);
    }

    [Fact]
    public void AcceptsOurImageAndRejectsAFlippedSignature()
    {
        using var signer = new EcdsaTestSigner();
        var image = ImageBuilder.BuildSigned(TestImages.Bundle(), TestImages.Options(), signer);
        var v = Validator(signer.PublicKeyInfo);
        Assert.True(TestImages.Validate(v, image).IsValid);
        var sig = ImageReader.Read(image).Find(ImageFormat.TlvEcdsaSignature)!;
        var bad = (byte[])image.Clone();
        bad[sig.Offset + 4 + 10] ^= 0x01; // inside r
        Assert.Equal(ImageError.BadSignature, TestImages.Validate(v, bad).Error);
    }

    [Theory]
    [InlineData("ecdsa-p256-v1.2.3.img")]
    [InlineData("ecdsa-p256-v1.2.3-customtlv.img")]
    [InlineData("ecdsa-p256-v1.2.3-fullkey.img")]
    public void AcceptsImgtoolImages(string file)
    {
        var v = Validator(File.ReadAllBytes(Path.Combine("Vectors", "imgtool", "ecdsa-p256.spki.der")));
        var r = TestImages.Validate(v, File.ReadAllBytes(Path.Combine("Vectors", "imgtool", file)));
        Assert.True(r.IsValid, r.Message);
    }
}

/// <summary>Images signed with Ed25519, checked by <see cref="Crypto.Ed25519Verifier"/>.</summary>
public class ImageDeviceEd25519Tests
{
    [Fact]
    public void AcceptsOurImageAndRejectsAFlippedSignature()
    {
        var signer = new Ed25519TestSigner();
        var image = ImageBuilder.BuildSigned(TestImages.Bundle(), TestImages.Options(), signer);
        var ring = new KeyRing();
        ring.Add(signer.PublicKeyInfo);
        var v = new ImageValidator(ring, 1 << 20, BundleRuntime.NanoFramework);
        Assert.True(TestImages.Validate(v, image).IsValid);
        var bad = (byte[])image.Clone();
        bad[^40] ^= 0x01;
        Assert.Equal(ImageError.BadSignature, TestImages.Validate(v, bad).Error);
    }

    [Theory]
    [InlineData("ed25519-v1.2.3.img")]
    [InlineData("ed25519-v1.2.3-customtlv.img")]
    [InlineData("ed25519-v1.2.3-hdr40.img")]
    public void AcceptsImgtoolImages(string file)
    {
        var ring = new KeyRing();
        ring.Add(File.ReadAllBytes(Path.Combine("Vectors", "imgtool", "ed25519.spki.der")));
        var r = TestImages.Validate(new ImageValidator(ring, 1 << 20, BundleRuntime.None), File.ReadAllBytes(Path.Combine("Vectors", "imgtool", file)));
        Assert.True(r.IsValid, r.Message);
    }
}
