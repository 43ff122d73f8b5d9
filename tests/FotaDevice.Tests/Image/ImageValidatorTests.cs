using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Host.Signing;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using Xunit;
using FotaDevice.Testing.Allocations;

namespace FotaDevice.Tests.Image;

/// <summary>
/// The streaming validator, with the host's (independent) signature check standing in for the
/// device's; <see cref="ImageDeviceSignatureTests"/> runs the device's own verifiers.
/// </summary>
public class ImageValidatorTests
{
    private static readonly byte[] EcdsaImage = TestImages.Signed(TestImages.Ecdsa);
    private static readonly byte[] EdImage = TestImages.Signed(TestImages.Ed25519);
    private static readonly byte[] EdPubkeyImage = TestImages.Signed(TestImages.Ed25519, KeyReference.Full);

    public static TheoryData<string> Images() => new() { "ecdsa", "ed25519", "ed25519-pubkey", "ecdsa-hdr0x200" };

    private static byte[] Image(string name) => name switch
    {
        "ecdsa" => EcdsaImage,
        "ed25519" => EdImage,
        "ed25519-pubkey" => EdPubkeyImage,
        "ecdsa-hdr0x200" => TestImages.Signed(TestImages.Ecdsa, headerSize: 0x200),
        _ => throw new ArgumentException(name),
    };

    private static IImageSigner SignerOf(string name) => name.StartsWith("ecdsa", StringComparison.Ordinal) ? TestImages.Ecdsa : TestImages.Ed25519;

    private static void AssertValid(ImageValidationResult r, byte[] image, IImageSigner signer)
    {
        Assert.True(r.Error == ImageError.None, r.Message);
        Assert.True(r.IsValid);
        Assert.True(r.SignatureValid);
        Assert.Equal("1.2.3+4", r.Version!.ToString());
        Assert.True(r.HasSecurityCounter);
        Assert.Equal(7u, r.SecurityCounter);
        Assert.Equal("dev-board", r.ProductId);
        Assert.Equal(image.Length, r.TotalLength);
        int hashed = (int)r.Header!.TlvOffset;
        Assert.Equal(SHA256.HashData(image.AsSpan(0, hashed)), r.ImageHash);
        Assert.Equal(SHA256.HashData(signer.PublicKeyInfo), r.KeyHash);
        Assert.Equal(signer.PublicKeyInfo, r.Key!.SubjectPublicKeyInfo);
        var m = r.Manifest!;
        Assert.Equal("Demo.App.Program.Main", m.EntryPoint);
        Assert.Equal(BundleRuntime.NanoFramework, m.Runtime);
        Assert.Equal("System.Device.Gpio", m.Requirements.Single().Name);
        Assert.Equal("1.1.0.0", m.Requirements[0].MinimumVersion.ToString());
        Assert.Equal(TestImages.AssemblyA, image.AsSpan(m.Assemblies[0].Offset, m.Assemblies[0].Length).ToArray());
        Assert.Equal(TestImages.AssemblyB, image.AsSpan(m.Assemblies[1].Offset, m.Assemblies[1].Length).ToArray());
        Assert.Equal("1.2.3.4", m.Assemblies[0].Version.ToString());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void AcceptsWholeImage(string name)
    {
        var image = Image(name);
        AssertValid(TestImages.Validate(image), image, SignerOf(name));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void AcceptsOneByteChunks(string name)
    {
        var image = Image(name);
        var v = TestImages.Validator();
        for (var i = 0; i < image.Length; i++)
        {
            Assert.Equal(ImageError.None, v.Feed(image, i, 1));
        }

        Assert.True(v.IsComplete);
        AssertValid(v.Finish(), image, SignerOf(name));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void AcceptsEveryTwoWaySplit(string name)
    {
        var image = Image(name);
        var v = TestImages.Validator();
        for (var cut = 0; cut <= image.Length; cut++)
        {
            v.Reset();
            Assert.Equal(ImageError.None, v.Feed(image, 0, cut));
            Assert.Equal(ImageError.None, v.Feed(image, cut, image.Length - cut));
            Assert.True(v.Finish().IsValid, $"cut at {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void AcceptsRandomSplitsFromACopiedBuffer(string name)
    {
        var image = Image(name);
        var v = TestImages.Validator();
        var random = new Random(1234);
        var buffer = new byte[image.Length + 16];
        for (var round = 0; round < 200; round++)
        {
            v.Reset();
            for (var at = 0; at < image.Length;)
            {
                var n = Math.Min(image.Length - at, random.Next(0, 80));
                var where = random.Next(0, 16);
                Array.Clear(buffer);
                Array.Copy(image, at, buffer, where, n);
                Assert.Equal(ImageError.None, v.Feed(buffer, where, n));
                at += n;
            }

            AssertValid(v.Finish(), image, SignerOf(name));
        }
    }

    [Fact]
    public void RejectsOversizeDeclaredLengthAsSoonAsTheHeaderIsIn()
    {
        var image = EcdsaImage;
        var d = ImageReader.Read(image);
        var v = TestImages.Validator(capacity: d.HashedLength + 3);
        Assert.Equal(ImageError.None, v.Feed(image, 0, 31));
        Assert.Equal(ImageError.TooLarge, v.Feed(image, 31, 1));
        Assert.Equal(ImageError.TooLarge, v.Finish().Error);

        // A header claiming a 4 GiB body.
        var huge = (byte[])image.Clone();
        huge[12] = huge[13] = huge[14] = huge[15] = 0xFF;
        v = TestImages.Validator();
        Assert.Equal(ImageError.TooLarge, v.Feed(huge, 0, 32));
    }

    [Fact]
    public void RejectsOversizeTlvAreaWhenItsHeaderIsIn()
    {
        var image = EcdsaImage;
        var d = ImageReader.Read(image);
        var v = TestImages.Validator(capacity: image.Length - 1);
        Assert.Equal(ImageError.None, v.Feed(image, 0, d.HashedLength + 3));
        Assert.Equal(ImageError.TooLarge, v.Feed(image, d.HashedLength + 3, 1));

        v = TestImages.Validator(capacity: image.Length);
        Assert.True(TestImages.Validate(v, image).IsValid);
    }

    [Fact]
    public void RejectsDataPastTheEnd()
    {
        var image = EdImage.Concat(new byte[] { 0xFF }).ToArray();
        var v = TestImages.Validator();
        Assert.Equal(ImageError.DataPastEnd, v.Feed(image, 0, image.Length));
        Assert.Equal(ImageError.DataPastEnd, v.Finish().Error);

        v.Reset();
        Assert.Equal(ImageError.None, v.Feed(image, 0, image.Length - 1));
        Assert.True(v.IsComplete);
        Assert.Equal(ImageError.DataPastEnd, v.Feed(image, image.Length - 1, 1));
        Assert.Equal(ImageError.DataPastEnd, v.Feed(image, 0, 1));
        Assert.Equal(ImageError.DataPastEnd, v.Finish().Error);
    }

    [Fact]
    public void ReportsTruncationAtEveryLength()
    {
        var image = EcdsaImage;
        var v = TestImages.Validator();
        for (var n = 0; n < image.Length; n++)
        {
            v.Reset();
            Assert.Equal(ImageError.None, v.Feed(image, 0, n));
            var r = v.Finish();
            Assert.Equal(ImageError.Truncated, r.Error);
            Assert.False(r.IsValid);
            Assert.Equal(n >= 32, r.Header is not null);
        }
    }

    [Theory]
    [InlineData("ecdsa")]
    [InlineData("ed25519")]
    [InlineData("ed25519-pubkey")]
    public void EveryFlippedBitGivesASpecificError(string name)
    {
        var image = Image(name);
        var d = ImageReader.Read(image);
        var manifestEnd = 32 + (d.Body[6] | (d.Body[7] << 8));
        var hashTlv = d.Find(ImageFormat.TlvSha256)!;
        var keyTlv = d.Tlvs.Single(t => t.Type is ImageFormat.TlvKeyHash or ImageFormat.TlvPublicKey);
        var sigTlv = d.Tlvs.Single(t => t.Type is ImageFormat.TlvEcdsaSignature or ImageFormat.TlvEd25519Signature);
        var v = TestImages.Validator();
        var seen = new HashSet<ImageError>();
        for (var i = 0; i < image.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var bad = (byte[])image.Clone();
                bad[i] ^= (byte)(1 << bit);
                var r = TestImages.Validate(v, bad);
                Assert.False(r.IsValid, $"byte {i} bit {bit}");
                Assert.NotEqual(ImageError.None, r.Error);
                Assert.True(Enum.IsDefined(r.Error));
                Assert.False(string.IsNullOrEmpty(r.Message));
                seen.Add(r.Error);
                ImageError? expected = i switch
                {
                    < 4 => ImageError.BadMagic,
                    < 8 => ImageError.HashMismatch,   // load address: ignored, but hashed
                    >= 16 and < 20 => ImageError.BadFlags,
                    >= 20 and < 32 => ImageError.HashMismatch, // version, _pad1
                    _ when i >= manifestEnd && i < d.HashedLength - d.Header.ProtectedTlvSize => ImageError.HashMismatch, // assembly bytes
                    _ when i >= hashTlv.Offset + 4 && i < hashTlv.Offset + 36 => ImageError.HashMismatch,
                    _ when i >= keyTlv.Offset + 4 && i < keyTlv.Offset + 4 + keyTlv.Value.Length && keyTlv.Type == ImageFormat.TlvKeyHash => ImageError.UnknownKey,
                    _ when i >= sigTlv.Offset + 4 && sigTlv.Type == ImageFormat.TlvEd25519Signature => ImageError.BadSignature,
                    _ => null,
                };
                if (expected is { } e)
                {
                    Assert.True(e == r.Error, $"byte {i} bit {bit}: {r.Error} ({r.Message}), expected {e}");
                }
            }
        }

        // The flips reach every stage of the check.
        Assert.Superset(new HashSet<ImageError> { ImageError.BadMagic, ImageError.BadFlags, ImageError.HashMismatch, ImageError.MalformedBundle, ImageError.BadSignature, ImageError.BadTlvMagic, ImageError.BadTlvAreaSize }, seen);
    }

    [Fact]
    public void EcdsaSignatureFlipsAreMalformedOrBad()
    {
        var image = EcdsaImage;
        var sig = ImageReader.Read(image).Find(ImageFormat.TlvEcdsaSignature)!;
        var v = TestImages.Validator();
        for (var i = sig.Offset + 4; i < image.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var bad = (byte[])image.Clone();
                bad[i] ^= (byte)(1 << bit);
                var e = TestImages.Validate(v, bad).Error;
                Assert.True(e is ImageError.MalformedSignature or ImageError.BadSignature, $"byte {i}: {e}");
            }
        }
    }

    [Fact]
    public void TruncatedSignatureIsMalformed()
    {
        foreach (var signer in new IImageSigner[] { TestImages.Ecdsa, TestImages.Ed25519 })
        {
            var hashed = RawImage.Hashed(TestImages.Bundle(), null);
            var image = RawImage.Signed(hashed, signer, (d, s) => RawImage.Standard(d, signer, s[..^1]));
            Assert.Equal(ImageError.MalformedSignature, TestImages.Validate(image).Error);
        }
    }

    [Fact]
    public void ImageWithoutProtectedArea()
    {
        var image = ImageBuilder.BuildSigned(TestImages.Bundle(), new ImageOptions { Version = new ImageVersion(3, 0, 0, 0) }, TestImages.Ed25519);
        var r = TestImages.Validate(image);
        Assert.True(r.IsValid, r.Message);
        Assert.False(r.HasSecurityCounter);
        Assert.Null(r.ProductId);
        Assert.Equal(0, r.Header!.ProtectedTlvSize);
    }

    [Fact]
    public void UnknownKey()
    {
        using var other = new EcdsaTestSigner();
        var v = new ImageValidator(TestImages.Ring(other, TestImages.Ed25519), 65536, BundleRuntime.NanoFramework, new HostSignatureVerifier());
        var r = TestImages.Validate(v, EcdsaImage);
        Assert.Equal(ImageError.UnknownKey, r.Error);
        Assert.Null(r.Key);
        Assert.Equal(SHA256.HashData(TestImages.Ecdsa.PublicKeyInfo), r.KeyHash);
        Assert.Equal(ImageError.UnknownKey, TestImages.Validate(v, TestImages.Signed(TestImages.Ecdsa, KeyReference.Full)).Error);
    }

    [Fact]
    public void MalformedPubkeyTlv()
    {
        var image = (byte[])EdPubkeyImage.Clone();
        var key = ImageReader.Read(image).Find(ImageFormat.TlvPublicKey)!;
        image[key.Offset + 4 + 6] ^= 0x01; // inside the OID
        Assert.Equal(ImageError.MalformedPublicKey, TestImages.Validate(image).Error);
    }

    [Fact]
    public void SignatureTypeMustMatchTheKey()
    {
        var image = (byte[])EcdsaImage.Clone();
        var sig = ImageReader.Read(image).Find(ImageFormat.TlvEcdsaSignature)!;
        image[sig.Offset] = ImageFormat.TlvEd25519Signature;
        Assert.Equal(ImageError.KeyTypeMismatch, TestImages.Validate(image).Error);
    }

    public static TheoryData<string, ImageError> TlvLayouts() => new()
    {
        { "no hash", ImageError.MissingHash },
        { "no key", ImageError.MissingKey },
        { "no signature", ImageError.MissingSignature },
        { "sha512 instead", ImageError.UnsupportedSignatureScheme },
        { "sig pure", ImageError.UnsupportedSignatureScheme },
        { "duplicate hash", ImageError.DuplicateTlv },
        { "duplicate keyhash", ImageError.DuplicateTlv },
        { "duplicate signature", ImageError.DuplicateTlv },
        { "keyhash and pubkey", ImageError.MissingKey },
        { "two signature types", ImageError.MissingSignature },
        { "signature before key", ImageError.KeyAfterSignature },
        { "sec_cnt unprotected", ImageError.TlvInWrongArea },
        { "product unprotected", ImageError.TlvInWrongArea },
        { "short keyhash", ImageError.BadTlvValue },
        { "long hash", ImageError.BadTlvValue },
        { "unknown tlvs", ImageError.None },
    };

    [Theory]
    [MemberData(nameof(TlvLayouts))]
    public void UnprotectedTlvLayout(string layout, ImageError expected)
    {
        var signer = TestImages.Ed25519;
        var keyHash = SHA256.HashData(signer.PublicKeyInfo);
        var hashed = RawImage.Hashed(TestImages.Bundle(), new[] { (0x50, RawImage.U32(1)) });
        var image = RawImage.Signed(hashed, signer, (d, s) =>
        {
            (int, byte[]) h = (0x10, d), k = (0x01, keyHash), g = (0x24, s);
            return layout switch
            {
                "no hash" => new[] { k, g },
                "no key" => new[] { h, g },
                "no signature" => new[] { h, k },
                "sha512 instead" => new[] { (0x12, new byte[64]), k, g },
                "sig pure" => new[] { h, (0x25, new byte[] { 1 }), k, g },
                "duplicate hash" => new[] { h, h, k, g },
                "duplicate keyhash" => new[] { h, k, k, g },
                "duplicate signature" => new[] { h, k, g, g },
                "keyhash and pubkey" => new[] { h, k, (0x02, signer.PublicKeyInfo), g },
                "two signature types" => new[] { h, k, g, (0x22, new byte[70]) },
                "signature before key" => new[] { h, g, k },
                "sec_cnt unprotected" => new[] { h, (0x50, RawImage.U32(9)), k, g },
                "product unprotected" => new[] { h, (0xA1, "x"u8.ToArray()), k, g },
                "short keyhash" => new[] { h, (0x01, keyHash[..31]), g },
                "long hash" => new[] { (0x10, d.Concat(new byte[1]).ToArray()), k, g },
                "unknown tlvs" => new[] { (0x60, new byte[5]), h, (0xB0, Array.Empty<byte>()), k, (0x20, new byte[256]), g, (0xFFFF, new byte[2]) },
                _ => throw new ArgumentException(layout),
            };
        });
        var r = TestImages.Validate(image);
        Assert.True(expected == r.Error, r.Message);
        Assert.Equal(expected == ImageError.None, r.IsValid);
    }

    public static TheoryData<string, ImageError> ProtectedLayouts() => new()
    {
        { "duplicate sec_cnt", ImageError.DuplicateTlv },
        { "sec_cnt of 8 bytes", ImageError.BadTlvValue },
        { "empty product", ImageError.BadTlvValue },
        { "product of 65 bytes", ImageError.BadTlvValue },
        { "product with newline", ImageError.BadTlvValue },
        { "duplicate product", ImageError.DuplicateTlv },
        { "keyhash protected", ImageError.TlvInWrongArea },
        { "sha256 protected", ImageError.TlvInWrongArea },
        { "empty protected area", ImageError.None },
        { "unknown protected", ImageError.None },
        { "product of 64 bytes", ImageError.None },
    };

    [Theory]
    [MemberData(nameof(ProtectedLayouts))]
    public void ProtectedTlvLayout(string layout, ImageError expected)
    {
        (int, byte[]) sec = (0x50, RawImage.U32(5)), product = (0xA1, "board"u8.ToArray());
        var entries = layout switch
        {
            "duplicate sec_cnt" => new[] { sec, sec },
            "sec_cnt of 8 bytes" => new[] { (0x50, new byte[8]) },
            "empty product" => new[] { (0xA1, Array.Empty<byte>()) },
            "product of 65 bytes" => new[] { (0xA1, Enumerable.Repeat((byte)'a', 65).ToArray()) },
            "product with newline" => new[] { (0xA1, "a\nb"u8.ToArray()) },
            "duplicate product" => new[] { sec, product, product },
            "keyhash protected" => new[] { sec, (0x01, new byte[32]) },
            "sha256 protected" => new[] { (0x10, new byte[32]) },
            "empty protected area" => Array.Empty<(int, byte[])>(),
            "unknown protected" => new[] { (0xB0, new byte[3]), sec, (0x40, new byte[12]) },
            "product of 64 bytes" => new[] { (0xA1, Enumerable.Repeat((byte)'a', 64).ToArray()) },
            _ => throw new ArgumentException(layout),
        };
        var image = RawImage.Signed(RawImage.Hashed(TestImages.Bundle(), entries), TestImages.Ed25519);
        var r = TestImages.Validate(image);
        Assert.True(expected == r.Error, r.Message);
    }

    [Fact]
    public void ProtectedAreaMustMatchTheHeader()
    {
        var entries = new[] { (0x50, RawImage.U32(5)) };
        var tooSmall = RawImage.Signed(RawImage.Hashed(TestImages.Bundle(), entries, protectedSizeInHeader: 8), TestImages.Ed25519);
        Assert.Equal(ImageError.BadTlvAreaSize, TestImages.Validate(tooSmall).Error);
        var badMagic = RawImage.Signed(RawImage.Hashed(TestImages.Bundle(), entries, protectedMagic: ImageFormat.TlvInfoMagic), TestImages.Ed25519);
        Assert.Equal(ImageError.BadTlvMagic, TestImages.Validate(badMagic).Error);
    }

    [Fact]
    public void TlvAreaSizeLimits()
    {
        var hashed = RawImage.Hashed(TestImages.Bundle(), null);
        var big = hashed.Concat(RawImage.Area(ImageFormat.TlvInfoMagic, new[] { (0x60, new byte[1021]) })).ToArray();
        var v = TestImages.Validator();
        Assert.Equal(ImageError.BadTlvAreaSize, v.Feed(big, 0, hashed.Length + 4));
        var tiny = hashed.Concat(RawImage.Area(ImageFormat.TlvInfoMagic, Array.Empty<(int, byte[])>(), totalOverride: 3)).ToArray();
        Assert.Equal(ImageError.BadTlvAreaSize, TestImages.Validate(tiny).Error);
        var empty = hashed.Concat(RawImage.Area(ImageFormat.TlvInfoMagic, Array.Empty<(int, byte[])>())).ToArray();
        Assert.Equal(ImageError.MissingHash, TestImages.Validate(empty).Error);
    }

    [Fact]
    public void BundleChecksComeEarly()
    {
        var image = EcdsaImage;
        var manifestEnd = 32 + (image[38] | (image[39] << 8));

        var dotnet = TestImages.Validator(runtime: BundleRuntime.DotNet);
        Assert.Equal(ImageError.None, dotnet.Feed(image, 0, manifestEnd - 1));
        Assert.Equal(ImageError.WrongRuntime, dotnet.Feed(image, manifestEnd - 1, 1));

        var notBundle = ImageBuilder.BuildSigned(new byte[300], TestImages.Options(), TestImages.Ecdsa);
        var v = TestImages.Validator();
        Assert.Equal(ImageError.None, v.Feed(notBundle, 0, 39));
        Assert.Equal(ImageError.MalformedBundle, v.Feed(notBundle, 39, 1));

        var tiny = ImageBuilder.BuildSigned(new byte[15], TestImages.Options(), TestImages.Ecdsa);
        Assert.Equal(ImageError.BodyTooSmall, TestImages.Validate(tiny).Error);

        // Without a runtime the body is not read: the same images are valid.
        var any = TestImages.Validator(runtime: BundleRuntime.None);
        Assert.True(TestImages.Validate(any, notBundle).IsValid);
        Assert.True(TestImages.Validate(any, tiny).IsValid);
        var r = TestImages.Validate(any, image);
        Assert.True(r.IsValid);
        Assert.Null(r.Manifest);
    }

    [Fact]
    public void FeedAllocatesNothingAfterWarmUp()
    {
        var v = TestImages.Validator();
        TestImages.Validate(v, EcdsaImage);
        TestImages.Validate(v, EdImage);

        foreach (var image in new[] { EcdsaImage, EdImage, EdPubkeyImage })
        {
            Assert.Equal(0, AllocationCount.Of(() =>
            {
                v.Reset();
                for (var i = 0; i < image.Length; i++)
                {
                    v.Feed(image, i, 1);
                }

                v.Reset();
                for (var i = 0; i < image.Length; i += 23)
                {
                    v.Feed(image, i, Math.Min(23, image.Length - i));
                }
            }));
            Assert.True(v.IsComplete);
        }
    }

    [Fact]
    public void ResetReusesTheValidatorAndResultsStayIndependent()
    {
        var v = TestImages.Validator();
        var first = TestImages.Validate(v, EcdsaImage);
        var other = ImageBuilder.BuildSigned(TestImages.Bundle(), new ImageOptions { Version = new ImageVersion(9, 8, 7, 6), SecurityCounter = 99 }, TestImages.Ed25519);
        var second = TestImages.Validate(v, other);
        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal("1.2.3+4", first.Version!.ToString());
        Assert.Equal("9.8.7+6", second.Version!.ToString());
        Assert.Equal(7u, first.SecurityCounter);
        Assert.Equal(99u, second.SecurityCounter);
        Assert.NotEqual(first.ImageHash, second.ImageHash);
        Assert.Equal(ImageError.BadMagic, TestImages.Validate(v, new byte[64]).Error);
        Assert.True(TestImages.Validate(v, EcdsaImage).IsValid);
    }

    [Fact]
    public void MisuseThrowsDocumentedExceptions()
    {
        var v = TestImages.Validator();
        Assert.Throws<ArgumentNullException>(() => v.Feed(null!, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Feed(new byte[4], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Feed(new byte[4], -1, 1));
        Assert.Equal(ImageError.None, v.Feed(new byte[4], 4, 0));
        var r = v.Finish();
        Assert.Same(r, v.Finish());
        Assert.Throws<InvalidOperationException>(() => v.Feed(EcdsaImage, 0, 1));
        Assert.Throws<ArgumentNullException>(() => new ImageValidator(null!, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageValidator(new KeyRing(), 100, 3));
    }
}
