using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Tests.Update;

public class UploadTests
{
    private readonly DeviceHarness _device = new();

    public UploadTests()
    {
        _device.Install(0, ToyImages.Make(1));
        _device.Start();
    }

    [Fact]
    public void AnImageArrivesInTheInactiveSlotAndMatches()
    {
        var image = ToyImages.Make(2);
        var reply = _device.Upload(image, chunk: 100);
        Assert.Equal(UpdateStatus.Ok, reply.Status);
        Assert.True(reply.Complete);
        Assert.True(reply.HasMatch);
        Assert.True(reply.Match);
        Assert.Equal(image.Length, reply.NextOffset);
        Assert.Equal(image, _device.Slots[1].Contents);
        Assert.True(_device.Engine.SlotImage(1).Bootable);
        Assert.Equal(BootState.NoSlot, _device.StoredState().UploadSlot);
        Assert.Equal(BootState.NoSlot, _device.StoredState().PendingSlot); // uploading never stages a switch
    }

    [Fact]
    public void DuplicateGapAndOverlapAreAnsweredWithTheExpectedOffsetAndNotWritten()
    {
        var image = ToyImages.Make(2);
        var engine = _device.Engine;
        Assert.Equal(100, engine.Upload(this, 0, image, 0, 100, image.Length, ToyImages.FileHashOf(image), 0).NextOffset);
        Assert.Equal(200, engine.Upload(this, 100, image, 100, 100, -1, null!, 0).NextOffset);

        var duplicate = engine.Upload(this, 100, image, 100, 100, -1, null!, 0);
        Assert.Equal((UpdateStatus.Ok, 200), (duplicate.Status, duplicate.NextOffset));
        var gap = engine.Upload(this, 300, image, 300, 100, -1, null!, 0);
        Assert.Equal((UpdateStatus.Ok, 200), (gap.Status, gap.NextOffset));
        var overlap = engine.Upload(this, 150, image, 150, 100, -1, null!, 0);
        Assert.Equal((UpdateStatus.Ok, 200), (overlap.Status, overlap.NextOffset));
        Assert.Equal(200, _device.Slots[1].Length);
        Assert.Equal(image.AsSpan(0, 200).ToArray(), _device.Slots[1].Contents);
    }

    [Fact]
    public void AnImageLargerThanTheSlotIsRefusedBeforeAnythingIsErased()
    {
        _device.Upload(ToyImages.Make(2));
        var before = _device.Slots[1].Contents;
        var tooBig = new byte[_device.Slots[1].Capacity + 1];
        var reply = _device.Engine.Upload(this, 0, tooBig, 0, 10, tooBig.Length, null!, 0);
        Assert.Equal(UpdateStatus.TooLarge, reply.Status);
        Assert.Contains("does not fit", reply.Message);
        Assert.Equal(before, _device.Slots[1].Contents);
    }

    [Fact]
    public void DataPastTheDeclaredLengthIsRefusedAndNotWritten()
    {
        var image = ToyImages.Make(2, size: 300);
        var engine = _device.Engine;
        engine.Upload(this, 0, image, 0, 200, 250, null!, 0);
        var reply = engine.Upload(this, 200, image, 200, 100, -1, null!, 0);
        Assert.Equal(UpdateStatus.InvalidRequest, reply.Status);
        Assert.Contains("past the declared", reply.Message);
        Assert.Equal(200, _device.Slots[1].Length);
    }

    [Fact]
    public void AChunkWithoutAnUploadInProgressIsRefused()
    {
        var image = ToyImages.Make(2);
        var reply = _device.Engine.Upload(this, 100, image, 100, 100, -1, null!, 0);
        Assert.Equal(UpdateStatus.InvalidRequest, reply.Status);
        Assert.Equal(0, _device.Slots[1].Length);
    }

    [Fact]
    public void TheSameImageResumesAfterARestartAndAnotherStartsOver()
    {
        var image = ToyImages.Make(2);
        var sha = ToyImages.FileHashOf(image);
        var engine = _device.Engine;
        engine.Upload(this, 0, image, 0, 100, image.Length, sha, 0);
        engine.Upload(this, 100, image, 100, 300, -1, null!, 0);

        engine = _device.Start(); // power cycle: RAM gone, storage kept
        var resumed = engine.Upload("new client", 0, image, 0, 100, image.Length, sha, 0);
        Assert.Equal(400, resumed.NextOffset);
        Assert.True(_device.Log.Has("resuming"));

        var other = ToyImages.Make(3);
        var restarted = engine.Upload("new client", 0, other, 0, 100, other.Length, ToyImages.FileHashOf(other), 0);
        Assert.Equal(100, restarted.NextOffset);
        Assert.Equal(other.AsSpan(0, 100).ToArray(), _device.Slots[1].Contents);
    }

    [Fact]
    public void WithoutAShaTheUploadCannotBeIdentifiedAndStartsOver()
    {
        var image = ToyImages.Make(2);
        var engine = _device.Engine;
        engine.Upload(this, 0, image, 0, 300, image.Length, null!, 0);
        var again = engine.Upload(this, 0, image, 0, 100, image.Length, null!, 0);
        Assert.Equal(100, again.NextOffset);
    }

    [Fact]
    public void ASecondClientWithAnotherImageIsBusyUntilTheFirstStalls()
    {
        var image = ToyImages.Make(2);
        var other = ToyImages.Make(3);
        var engine = _device.Engine;
        engine.Upload("first", 0, image, 0, 100, image.Length, ToyImages.FileHashOf(image), 0);
        var second = engine.Upload("second", 0, other, 0, 100, other.Length, ToyImages.FileHashOf(other), 0);
        Assert.Equal(UpdateStatus.Busy, second.Status);
        Assert.Equal(image.AsSpan(0, 100).ToArray(), _device.Slots[1].Contents);

        _device.Clock.Advance(30_000);
        var takeover = engine.Upload("second", 0, other, 0, 100, other.Length, ToyImages.FileHashOf(other), 0);
        Assert.Equal((UpdateStatus.Ok, 100), (takeover.Status, takeover.NextOffset));
        Assert.Equal(UpdateStatus.Busy, engine.Upload("first", 100, image, 100, 100, -1, null!, 0).Status);
    }

    [Fact]
    public void TheSameImageFromANewClientResumesAtOnce()
    {
        var image = ToyImages.Make(2);
        var engine = _device.Engine;
        engine.Upload("before restart", 0, image, 0, 300, image.Length, ToyImages.FileHashOf(image), 0);
        var resumed = engine.Upload("after restart", 0, image, 0, 100, image.Length, ToyImages.FileHashOf(image), 0);
        Assert.Equal((UpdateStatus.Ok, 300), (resumed.Status, resumed.NextOffset));
        Assert.Equal(UpdateStatus.Busy, engine.Upload("before restart", 300, image, 300, 100, -1, null!, 0).Status);
        Assert.Equal(400, engine.Upload("after restart", 300, image, 300, 100, -1, null!, 0).NextOffset);
    }

    [Fact]
    public void AClientIsRecognisedByEqualityNotByIdentity()
    {
        var image = ToyImages.Make(2);
        var engine = _device.Engine;
        engine.Upload(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5000), 0, image, 0, 100, image.Length, ToyImages.FileHashOf(image), 0);
        var next = engine.Upload(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5000), 100, image, 100, 100, -1, null!, 0);
        Assert.Equal((UpdateStatus.Ok, 200), (next.Status, next.NextOffset));
        var other = engine.Upload(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5001), 200, image, 200, 100, -1, null!, 0);
        Assert.Equal(UpdateStatus.Busy, other.Status);
    }

    [Fact]
    public void AFailedCheckIsReportedAndTheAnnouncedShaMismatchIsSaid()
    {
        var unsigned = ToyImages.Make(2, signed: false);
        var engine = _device.Engine;
        var wrongSha = new byte[32];
        wrongSha[0] = 1;
        var reply = engine.Upload(this, 0, unsigned, 0, unsigned.Length, unsigned.Length, wrongSha, 0);
        Assert.True(reply.Complete);
        Assert.False(reply.Match);
        Assert.False(engine.SlotImage(1).Bootable);
        Assert.True(_device.Log.Has("fails its check"));
        Assert.True(_device.Log.Has("does not match"));
    }

    [Fact]
    public void TheRunningSlotIsNeverWritten()
    {
        _device.Upload(ToyImages.Make(2));
        Assert.Equal(ToyImages.Make(1), _device.Slots[0].Contents);
    }
}
