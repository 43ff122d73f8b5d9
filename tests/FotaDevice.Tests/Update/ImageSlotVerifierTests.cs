using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Slots;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>The slot check the boot decision and the engine use, over real signed MCUboot images.</summary>
public sealed class ImageSlotVerifierTests : IDisposable
{
    private readonly EcdsaTestSigner _signer = new();
    private readonly MemorySlot[] _slots = { new(64 * 1024), new(64 * 1024) };
    private readonly Libraries _libraries = new();

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void AValidImageIsBootableWithItsVersionCounterAndHashes()
    {
        var image = Build("2.1.0+7", counter: 4);
        _slots[1].Load(image);
        var verdict = Verifier().Verify(1);
        Assert.True(verdict.Bootable, verdict.Reason);
        Assert.Equal("2.1.0+7", verdict.VersionText);
        Assert.Equal(4u, verdict.SecurityCounter);
        Assert.Equal(SHA256.HashData(image), verdict.FileHash);
        Assert.Equal(ImageReader.Read(image).ComputedHash, verdict.ImageHash);
        Assert.Equal(image.Length, verdict.Length);
        Assert.True(verdict.Version!.CompareTo(Verdict(Build("2.0.9+100")).Version!) > 0);
    }

    [Fact]
    public void AnEmptySlotIsEmpty()
    {
        var verdict = Verifier().Verify(0);
        Assert.True(verdict.Empty);
        Assert.False(verdict.Bootable);
    }

    [Fact]
    public void AFlippedBitAnywhereMakesTheSlotUnbootable()
    {
        var image = Build("1.0.0");
        var verifier = Verifier();
        for (var i = 0; i < image.Length; i += 7)
        {
            _slots[0].Load(image);
            _slots[0].FlipBit(i, i % 8);
            var verdict = verifier.Verify(0);
            Assert.False(verdict.Bootable, $"bit flip at byte {i} went unnoticed");
            Assert.False(string.IsNullOrEmpty(verdict.Reason));
        }
    }

    [Fact]
    public void AnImageSignedByAnotherKeyIsRefused()
    {
        using var other = new EcdsaTestSigner();
        _slots[0].Load(Build("1.0.0", signer: other));
        Assert.Contains("does not trust", Verifier().Verify(0).Reason);
    }

    [Fact]
    public void AnImageForAnotherProductIsRefused()
    {
        _slots[0].Load(Build("1.0.0", product: "other-board"));
        var verdict = Verifier().Verify(0);
        Assert.False(verdict.Bootable);
        Assert.Contains("for product \"other-board\", this device is \"demo-board\"", verdict.Reason);

        _slots[0].Load(Build("1.0.0", product: null));
        Assert.Contains("names no product", Verifier().Verify(0).Reason);
    }

    [Fact]
    public void AnAppNeedingALibraryTheDeviceLacksIsRefused()
    {
        _slots[0].Load(Build("1.0.0", requires: ("nanoFramework.Device.Bluetooth", new AssemblyVersion(1, 1, 200, 0))));
        Assert.Contains("needs nanoFramework.Device.Bluetooth 1.1.200.0 or newer, this device has 1.1.123.0", Verifier().Verify(0).Reason);

        _slots[0].Load(Build("1.0.0", requires: ("Iot.Device.Missing", new AssemblyVersion(1, 0, 0, 0))));
        Assert.Contains("which this device does not have", Verifier().Verify(0).Reason);

        _slots[0].Load(Build("1.0.0", requires: ("nanoFramework.Device.Bluetooth", new AssemblyVersion(1, 1, 100, 0))));
        Assert.True(Verifier().Verify(0).Bootable);
    }

    [Fact]
    public void DataPastTheImageMakesTheSlotUnbootable()
    {
        var image = Build("1.0.0");
        _slots[0].Load([.. image, 0x00]);
        Assert.False(Verifier().Verify(0).Bootable);
    }

    [Fact]
    public void ATruncatedImageIsUnbootable()
    {
        var image = Build("1.0.0");
        _slots[0].Load(image[..^10]);
        var verdict = Verifier().Verify(0);
        Assert.False(verdict.Bootable);
        Assert.Null(verdict.FileHash);
    }

    private ImageSlotVerifier Verifier()
    {
        var keys = new KeyRing();
        keys.Add(_signer.PublicKeyInfo);
        return new ImageSlotVerifier(_slots, keys, new DeviceIdentity("demo-board", BundleRuntime.NanoFramework, _libraries));
    }

    private FotaDevice.Update.Boot.SlotVerdict Verdict(byte[] image)
    {
        _slots[1].Load(image);
        return Verifier().Verify(1);
    }

    private byte[] Build(string version, uint? counter = null, string? product = "demo-board",
        (string Name, AssemblyVersion Version)? requires = null, EcdsaTestSigner? signer = null)
    {
        var bundle = new AppBundleBuilder(BundleRuntime.NanoFramework, "Demo.App.Start")
            .Add("Demo.App", new AssemblyVersion(1, 0, 0, 0), new byte[300]);
        if (requires is { } need)
        {
            bundle.Require(need.Name, need.Version);
        }

        var options = new ImageOptions { Version = ImageOptions.ParseVersion(version), SecurityCounter = counter, ProductId = product };
        return ImageBuilder.BuildSigned(bundle.Build(), options, signer ?? _signer);
    }

    private sealed class Libraries : ILibraryCatalog
    {
        public AssemblyVersion? VersionOf(string name) =>
            name == "nanoFramework.Device.Bluetooth" ? new AssemblyVersion(1, 1, 123, 0) : null;
    }
}
