using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.Boot;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>
/// A fast boot (as MCUboot's BOOT_VALIDATE_SLOT0_ONCE): a verdict sealed in the boot record, bound to
/// the slot's length and image hash, lets a start skip the whole-image pass; which starts still verify
/// in full, and what a seal does not see.
/// </summary>
public class FastBootTests
{
    private const int A = 0;
    private const int B = 1;
    private readonly DeviceHarness _device = new(slotCapacity: 64 * 1024);
    private readonly byte[] _v1 = ToyImages.Make(1, counter: 1, size: 30_000);

    public FastBootTests()
    {
        _device.Install(A, _v1);
    }

    [Fact]
    public void TheFirstStartVerifiesInFullAndSealsThenTheNextStartsReadOnlyTheHeaderAndTheHash()
    {
        _device.Start();
        Assert.Equal(1, _device.Verifier.Verifications); // the factory record has no seal
        Assert.True(_device.StoredState().IsSealed(A));

        for (var start = 0; start < 5; start++)
        {
            _device.Engine.Reboot();
            var read = _device.Slots[A].BytesRead;
            _device.Start();
            Assert.Equal(A, _device.Plan.RunSlot);
            Assert.True(_device.Plan.Image!.Sealed);
            Assert.Equal(0, _device.Verifier.Verifications);
            Assert.Equal(1, _device.Verifier.SealedChecks);
            Assert.True(_device.Slots[A].BytesRead - read <= ToyImages.HeaderSize + 32, "a cached start reads the header and the image hash only");
        }
    }

    [Fact]
    public void EveryNthStartVerifiesInFull()
    {
        _device.FullCheckEvery = 4;
        var full = 0;
        for (var start = 0; start < 12; start++)
        {
            _device.Start();
            full += _device.Verifier.Verifications;
            _device.Engine.Reboot();
        }

        Assert.Equal(1 + 3, full); // the first (no seal yet), then boot counts 4, 8 and 12
    }

    [Fact]
    public void TheFirstStartOfANewImageVerifiesItInFull()
    {
        _device.Start();
        _device.Engine.Reboot();
        _device.StartWithWindowClosed();
        var v2 = ToyImages.Make(2, counter: 2, size: 20_000);
        _device.Upload(v2);
        _device.Press();
        Assert.Equal(UpdateStatus.Ok, _device.Engine.Switch(ToyImages.HashOf(v2), 0, false));
        Assert.True(_device.StoredState().IsSealed(B)); // sealed as it arrived...
        _device.Engine.Reboot();
        _device.Start();
        Assert.Equal(B, _device.Plan.RunSlot);
        Assert.False(_device.Plan.Image!.Sealed);          // ...and still verified in full before it first runs
        Assert.Equal(1, _device.Verifier.Verifications);
    }

    [Fact]
    public void ADamagedRecordMeansAFullCheck()
    {
        _device.Start();
        _device.Engine.Reboot();
        _device.Records[0] = null;
        _device.Records[1]![20] ^= 1; // neither copy valid
        _device.Start();
        Assert.True(_device.Verifier.Verifications >= 1);
        Assert.False(_device.Plan.Image?.Sealed ?? false);
    }

    [Theory]
    [InlineData(0)]      // the header no longer parses
    [InlineData(29_990)] // the image hash it carries is not the sealed one
    public void DamageThatACachedStartSeesMeansAFullCheck(int offset)
    {
        _device.Start();
        _device.Engine.Reboot();
        _device.Slots[A].FlipBit(offset, 0);
        _device.Start();
        Assert.True(_device.Verifier.Verifications >= 1);
        Assert.Equal(-1, _device.Plan.RunSlot); // the only image no longer verifies: nothing runs
        Assert.False(_device.StoredState().IsSealed(A));
    }

    [Fact]
    public void DamageToTheBodyOutsideTheUpdateServiceIsSeenOnlyByTheNextFullCheck()
    {
        // What caching gives up (docs/update-engine.md): a write to the flash that does not go through the
        // update service, or bit rot, inside the body of a sealed image.
        _device.FullCheckEvery = 4;
        _device.Start();                        // boot count 1: full, sealed
        _device.Engine.Reboot();
        _device.Slots[A].FlipBit(15_000, 3);
        _device.Start();                        // 2: cached, runs the damaged image
        Assert.Equal(A, _device.Plan.RunSlot);
        Assert.True(_device.Plan.Image!.Sealed);
        _device.Engine.Reboot();
        _device.Start();                        // 3: cached
        Assert.Equal(A, _device.Plan.RunSlot);
        _device.Engine.Reboot();
        _device.Start();                        // 4: full: caught
        Assert.Equal(-1, _device.Plan.RunSlot);
        Assert.True(_device.Log.Has("fails its check"));
    }

    [Fact]
    public void TheImageStateAfterAStartNeedsNoPassOverTheOtherSlot()
    {
        _device.Start();
        _device.Engine.Reboot();
        _device.StartWithWindowClosed();
        var v2 = ToyImages.Make(2, counter: 2, size: 20_000);
        _device.Upload(v2);
        Assert.True(_device.Engine.SlotImage(B).Bootable);
        _device.Engine.Reboot();
        _device.Start();
        var verdict = _device.Engine.SlotImage(B); // the first image list after the start
        Assert.True(verdict.Bootable);
        Assert.True(verdict.Sealed);
        Assert.Equal(0, _device.Verifier.Verifications);
    }
}
