using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Slots;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>
/// The real verifier over signed MCUboot images: checked as they arrive (the same verdict as a whole
/// pass, the file hash before the signature), and re-checked from a seal without hashing the body or
/// verifying the signature (what makes a cached start of a 96 KiB image cheap).
/// </summary>
public sealed class StreamedAndSealedChecksTests : IDisposable
{
    private const int ImageSize = 96 * 1024;
    private readonly EcdsaTestSigner _signer = new();
    private readonly MemorySlot[] _slots = { new(128 * 1024), new(128 * 1024) };
    private readonly CountingSignatures _signatures;
    private readonly byte[] _image;

    public StreamedAndSealedChecksTests()
    {
        var keys = Keys(_signer);
        _signatures = new CountingSignatures(new SignatureVerifier(keys));
        var bundle = new AppBundleBuilder(BundleRuntime.NanoFramework, "Demo.App.Start")
            .Add("Demo.App", new AssemblyVersion(1, 0, 0, 0), RandomNumberGenerator.GetBytes(ImageSize - 1024)).Build();
        _image = ImageBuilder.BuildSigned(bundle, new ImageOptions { Version = ImageOptions.ParseVersion("3.1.0"), SecurityCounter = 6, ProductId = "demo-board" }, _signer);
        _slots[1].Load(_image);
    }

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void AStreamedImageGetsTheVerdictOfAWholePassAndItsFileHashBeforeTheSignature()
    {
        var verifier = Verifier(Keys(_signer));
        verifier.StartStream();
        var hash = new byte[32];
        for (var offset = 0; offset < _image.Length; offset += 333)
        {
            Assert.False(verifier.CopyStreamFileHash(hash, 0));
            verifier.Feed(_image, offset, Math.Min(333, _image.Length - offset));
        }

        Assert.True(verifier.CopyStreamFileHash(hash, 0));
        Assert.Equal(SHA256.HashData(_image), hash);
        Assert.Equal(0, _signatures.Calls); // the hash is known before the signature is checked

        var streamed = verifier.FinishStream(_image.Length);
        Assert.Equal(1, _signatures.Calls);
        var whole = verifier.Verify(1);
        Assert.True(streamed.Bootable, streamed.Reason);
        Assert.Equal(whole.ImageHash, streamed.ImageHash);
        Assert.Equal(whole.FileHash, streamed.FileHash);
        Assert.Equal(whole.VersionText, streamed.VersionText);
        Assert.Equal(whole.SecurityCounter, streamed.SecurityCounter);
    }

    [Fact]
    public void ASealedCheckReadsAFewKilobytesAndVerifiesNoSignature()
    {
        var verifier = Verifier(Keys(_signer));
        var read = _slots[1].BytesRead;
        var verdict = verifier.VerifySealed(1, ImageReader.Read(_image).ComputedHash, _image.Length);
        Assert.NotNull(verdict);
        Assert.True(verdict.Bootable, verdict.Reason);
        Assert.True(verdict.Sealed);
        Assert.Equal("3.1.0", verdict.VersionText);
        Assert.Equal(6u, verdict.SecurityCounter);
        Assert.Null(verdict.FileHash);
        Assert.Equal(0, _signatures.Calls);
        var cost = _slots[1].BytesRead - read;
        Assert.True(cost <= 4096, $"a sealed check of a {ImageSize / 1024} KiB image read {cost} bytes");
    }

    [Fact]
    public void ASealThatDoesNotMatchTheSlotCannotVouchForIt()
    {
        var verifier = Verifier(Keys(_signer));
        var hash = ImageReader.Read(_image).ComputedHash;
        var other = (byte[])hash.Clone();
        other[5] ^= 1;
        Assert.Null(verifier.VerifySealed(1, other, _image.Length));         // another image hash
        Assert.Null(verifier.VerifySealed(1, hash, _image.Length - 1));      // another length
        _slots[1].FlipBit(_image.AsSpan().LastIndexOf(hash) + 3, 2);         // the SHA256 TLV the slot carries changed
        Assert.Null(verifier.VerifySealed(1, hash, _image.Length));
        _slots[1].Load(_image);
        _slots[1].FlipBit(_image.Length - 20, 2);                            // the signature's bytes: verified before, for this hash
        Assert.NotNull(verifier.VerifySealed(1, hash, _image.Length));
        Assert.Equal(0, _signatures.Calls);
    }

    [Fact]
    public void AKeyNoLongerTrustedVoidsTheSeal()
    {
        using var other = new EcdsaTestSigner();
        var verifier = Verifier(Keys(other)); // the firmware now trusts another key only
        Assert.Null(verifier.VerifySealed(1, ImageReader.Read(_image).ComputedHash, _image.Length));
        Assert.False(verifier.Verify(1).Bootable);
    }

    private ImageSlotVerifier Verifier(KeyRing keys) =>
        new(_slots, keys, new DeviceIdentity("demo-board", BundleRuntime.NanoFramework, null!), _signatures);

    private static KeyRing Keys(EcdsaTestSigner signer)
    {
        var keys = new KeyRing();
        keys.Add(signer.PublicKeyInfo);
        return keys;
    }

    private sealed class CountingSignatures(ISignatureVerifier inner) : ISignatureVerifier
    {
        public int Calls { get; private set; }

        public bool Verify(TrustedKey key, byte[] digest, int digestOffset, byte[] signature, int signatureOffset)
        {
            Calls++;
            return inner.Verify(key, digest, digestOffset, signature, signatureOffset);
        }
    }
}
