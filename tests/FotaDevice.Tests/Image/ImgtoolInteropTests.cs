using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Host.Signing;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

/// <summary>
/// Images made by MCUboot's imgtool (Vectors/imgtool, see its README): FotaDevice reads and
/// validates them, and FotaDevice's builder lays out the same images.
/// </summary>
public class ImgtoolInteropTests
{
    private const string Digest = "e598ec581dc154af6b5fa56fe1c217c3a36e23430c7d7c6144bdab4557b504f9";          // no custom TLV
    private const string DigestProduct = "613e558075547dc2c9dea38f6d47411d530cc37e71353227549a0c0ae53876c3";   // with 0xA1 "dev-board"

    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine("Vectors", "imgtool", name));

    private static string Text(string name) => File.ReadAllText(Path.Combine("Vectors", "imgtool", name));

    private static readonly byte[] Body = Vector("body.bin");

    private static ImageOptions Options(uint? securityCounter = 7, string? product = null, int headerSize = 32) => new()
    {
        Version = ImageOptions.ParseVersion("1.2.3+4"),
        SecurityCounter = securityCounter,
        ProductId = product,
        HeaderSize = headerSize,
    };

    private static ImageValidator Validator()
    {
        var ring = new KeyRing();
        ring.Add(Vector("ecdsa-p256.spki.der"));
        ring.Add(Vector("ed25519.spki.der"));
        return new ImageValidator(ring, 1 << 20, BundleRuntime.None, new HostSignatureVerifier());
    }

    [Theory]
    [InlineData("ecdsa-p256-v1.2.3.img", "ecdsa-p256.spki.der", Digest, null)]
    [InlineData("ecdsa-p256-v1.2.3-customtlv.img", "ecdsa-p256.spki.der", DigestProduct, "dev-board")]
    [InlineData("ecdsa-p256-v1.2.3-fullkey.img", "ecdsa-p256.spki.der", Digest, null)]
    [InlineData("ed25519-v1.2.3.img", "ed25519.spki.der", Digest, null)]
    [InlineData("ed25519-v1.2.3-customtlv.img", "ed25519.spki.der", DigestProduct, "dev-board")]
    public void ValidatorAcceptsImgtoolImages(string file, string key, string digest, string? product)
    {
        var image = Vector(file);
        var v = Validator();
        foreach (var chunk in new[] { image.Length, 1, 7, 64 })
        {
            v.Reset();
            for (var at = 0; at < image.Length; at += chunk)
            {
                Assert.Equal(ImageError.None, v.Feed(image, at, Math.Min(chunk, image.Length - at)));
            }

            var r = v.Finish();
            Assert.True(r.IsValid, r.Message);
            Assert.Equal("1.2.3+4", r.Version!.ToString());
            Assert.True(r.HasSecurityCounter);
            Assert.Equal(7u, r.SecurityCounter);
            Assert.Equal(product, r.ProductId);
            Assert.Equal(digest, TestImages.Hex(r.ImageHash!));
            Assert.Equal(SHA256.HashData(Vector(key)), r.KeyHash);
            Assert.Equal(Vector(key), r.Key!.SubjectPublicKeyInfo);
            Assert.Null(r.Manifest);
        }
    }

    [Fact]
    public void ValidatorAcceptsHeaderPaddingAndNoSecurityCounter()
    {
        var hdr40 = TestImages.Validate(Validator(), Vector("ed25519-v1.2.3-hdr40.img"));
        Assert.True(hdr40.IsValid, hdr40.Message);
        Assert.Equal(0x40, hdr40.Header!.HeaderSize);
        var nosec = TestImages.Validate(Validator(), Vector("ed25519-v1.2.3-nosec.img"));
        Assert.True(nosec.IsValid, nosec.Message);
        Assert.False(nosec.HasSecurityCounter);
    }

    [Fact]
    public void ValidatorRejectsWhatFotaDeviceDoesNotSupport()
    {
        Assert.Equal(ImageError.UnsupportedSignatureScheme, TestImages.Validate(Validator(), Vector("ed25519-v1.2.3-pure.img")).Error);
        Assert.Equal(ImageError.MalformedSignature, TestImages.Validate(Validator(), Vector("ecdsa-p256-v1.2.3-padsig.img")).Error);
        Assert.Equal(ImageError.MissingKey, TestImages.Validate(Validator(), Vector("unsigned-v1.2.3.img")).Error);
        // A bundle-mode validator refuses them all: the body is not an app bundle.
        var bundle = new ImageValidator(new KeyRing(), 1 << 20, BundleRuntime.NanoFramework, new HostSignatureVerifier());
        Assert.Equal(ImageError.MalformedBundle, TestImages.Validate(bundle, Vector("ed25519-v1.2.3.img")).Error);
    }

    [Theory]
    [InlineData("ecdsa-p256-v1.2.3.img", KeyType.EcdsaP256, "ecdsa-p256.spki.der")]
    [InlineData("ecdsa-p256-v1.2.3-fullkey.img", KeyType.EcdsaP256, "ecdsa-p256.spki.der")]
    [InlineData("ed25519-v1.2.3-customtlv.img", KeyType.Ed25519, "ed25519.spki.der")]
    public void ReaderDescribesImgtoolImages(string file, KeyType type, string key)
    {
        var d = ImageReader.Read(Vector(file));
        Assert.Equal("1.2.3+4", d.Header.Version.ToString());
        Assert.Equal(7u, d.SecurityCounter);
        Assert.True(d.HashMatches);
        Assert.Equal(Body, d.Body);
        Assert.Null(d.Manifest);
        Assert.NotNull(d.ManifestError);
        Assert.Equal(0, d.TrailingBytes);
        Assert.Equal(SHA256.HashData(Vector(key)), d.KeyHash);
        Assert.True(ImageReader.VerifySignature(d, type, Vector(key)));
        Assert.Equal(new[] { "SEC_CNT" }, d.Tlvs.Where(t => t.Area == TlvArea.Protected && t.Type != ImageFormat.TlvProductId).Select(t => t.Name));
    }

    // --- Our builder lays images out as imgtool does ----------------------------------------

    [Fact]
    public void UnsignedImageIsImgtoolsByteForByte()
    {
        var ours = ImageBuilder.Build(Body, Options());
        Assert.Equal(Vector("unsigned-v1.2.3.img"), ours.Bytes);
        Assert.Equal(Digest, TestImages.Hex(ours.Digest));
    }

    [Theory]
    [InlineData("ed25519-v1.2.3.img", 7u, null, 32)]
    [InlineData("ed25519-v1.2.3-customtlv.img", 7u, "dev-board", 32)]
    [InlineData("ed25519-v1.2.3-hdr40.img", 7u, null, 0x40)]
    [InlineData("ed25519-v1.2.3-nosec.img", null, null, 32)]
    public void Ed25519ImagesAreImgtoolsByteForByte(string file, uint? securityCounter, string? product, int headerSize)
    {
        var signer = Ed25519TestSigner.FromPem(Text("ed25519.pem"));
        Assert.Equal(Vector("ed25519.spki.der"), signer.PublicKeyInfo);
        var ours = ImageBuilder.BuildSigned(Body, Options(securityCounter, product, headerSize), signer);
        Assert.Equal(Vector(file), ours);

        // Detached: build, sign the digest, attach — the same bytes.
        var unsigned = ImageBuilder.Build(Body, Options(securityCounter, product, headerSize));
        Assert.Equal(ours, ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, signer.PublicKeyInfo, signer.SignDigest(unsigned.Digest)));
    }

    [Theory]
    [InlineData("ecdsa-p256-v1.2.3.img", null, KeyReference.Hash)]
    [InlineData("ecdsa-p256-v1.2.3-customtlv.img", "dev-board", KeyReference.Hash)]
    [InlineData("ecdsa-p256-v1.2.3-fullkey.img", null, KeyReference.Full)]
    public void EcdsaImagesHaveImgtoolsLayout(string file, string? product, KeyReference reference)
    {
        using var signer = EcdsaTestSigner.FromPem(Text("ecdsa-p256.pem"));
        Assert.Equal(Vector("ecdsa-p256.spki.der"), signer.PublicKeyInfo);
        var theirs = Vector(file);
        var ours = ImageBuilder.BuildSigned(Body, Options(7, product), signer, reference);
        var a = ImageReader.Read(theirs);
        var b = ImageReader.Read(ours);

        // Header bytes, body, protected area: identical (so is everything hashed).
        Assert.Equal(theirs[..a.HashedLength], ours[..b.HashedLength]);
        // TLV area: same magic, same TLVs in the same order; all values equal but the (randomized) signature.
        Assert.Equal(theirs.AsSpan(a.HashedLength, 2).ToArray(), ours.AsSpan(b.HashedLength, 2).ToArray());
        Assert.Equal(a.Tlvs.Select(t => (t.Area, t.Type)), b.Tlvs.Select(t => (t.Area, t.Type)));
        foreach (var (x, y) in a.Tlvs.Zip(b.Tlvs))
        {
            Assert.Equal(x.Offset, y.Offset);
            if (x.Type == ImageFormat.TlvEcdsaSignature)
            {
                Assert.InRange(y.Value.Length, 70, 72);
            }
            else
            {
                Assert.Equal(x.Value, y.Value);
            }
        }

        // Sizes differ only by the DER length of the signatures.
        var delta = b.Find(ImageFormat.TlvEcdsaSignature)!.Value.Length - a.Find(ImageFormat.TlvEcdsaSignature)!.Value.Length;
        Assert.Equal(theirs.Length + delta, ours.Length);
        Assert.Equal((theirs[a.HashedLength + 2] | (theirs[a.HashedLength + 3] << 8)) + delta, ours[b.HashedLength + 2] | (ours[b.HashedLength + 3] << 8));
        Assert.True(ImageReader.VerifySignature(b, KeyType.EcdsaP256, signer.PublicKeyInfo));
        Assert.True(TestImages.Validate(Validator(), ours).IsValid);
    }
}
