using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;
using FotaDevice.Update.Upload;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>
/// One place decides what a chunk does: every refusal is made by the inspection before anything
/// changes, so a refused first chunk never erases the slot nor cancels what waits for it.
/// </summary>
public class UploadInspectionTests
{
    private const int B = 1;
    private readonly DeviceHarness _device = new();
    private readonly byte[] _v2 = ToyImages.Make(2, counter: 2);

    public UploadInspectionTests()
    {
        _device.Install(0, ToyImages.Make(1, counter: 1));
        _device.Start();
        _device.Engine.Reboot();
        _device.StartWithWindowClosed();
        _device.Upload(_v2);
        Assert.Equal(UpdateStatus.ApprovalRequired, _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false)); // waits for a press
    }

    public static TheoryData<string> RefusedFirstChunks() => new()
    {
        "too large for the slot",
        "data longer than its own declared length",
        "not an image of this device's format",
        "an upgrade that is not newer",
        "length 0",
    };

    [Theory]
    [MemberData(nameof(RefusedFirstChunks))]
    public void ARefusedFirstChunkChangesNothingAndTheWaitingSwitchStillWaits(string what)
    {
        var before = _device.Slots[B].Contents;
        var writes = _device.Records.Writes;
        var reply = _device.Engine.Upload(FirstChunk(what));
        Assert.NotEqual(UpdateStatus.Ok, reply.Status);
        Assert.NotNull(reply.Message);

        Assert.Equal(before, _device.Slots[B].Contents);                 // nothing erased
        Assert.Equal(writes, _device.Records.Writes);                      // nothing recorded
        Assert.Equal(ApprovalAction.Trial, _device.Engine.Approval.WaitingAction); // the owner's request still waits...
        _device.Press();
        Assert.Equal(B, _device.StoredState().PendingSlot);                // ...and the press approves it
    }

    [Fact]
    public void AResentLastChunkIsAnsweredAsCompleteNotAsAStrayChunk()
    {
        var image = ToyImages.Make(3, counter: 3);
        var last = _device.Upload(image, chunk: 300);
        Assert.True(last.Complete && last.Match);

        // The client's reply was lost: it sends the last chunk again.
        var offset = image.Length - (image.Length % 300 == 0 ? 300 : image.Length % 300);
        var again = _device.Engine.Upload(this, offset, image, offset, image.Length - offset, -1, null!, 0);
        Assert.Equal(UpdateStatus.Ok, again.Status);
        Assert.True(again.Complete);
        Assert.True(again.HasMatch && again.Match);
        Assert.Equal(image.Length, again.NextOffset);
        Assert.Equal(image, _device.Slots[B].Contents);
    }

    private UploadRequest FirstChunk(string what)
    {
        var request = new UploadRequest();
        var image = ToyImages.Make(3, counter: 3);
        switch (what)
        {
            case "too large for the slot":
                return request.Set("stranger", 0, image, 0, 100, _device.Slots[B].Capacity + 1, null!, 0, 0);
            case "data longer than its own declared length":
                return request.Set("stranger", 0, image, 0, 200, 100, null!, 0, 0);
            case "not an image of this device's format":
                return request.Set("stranger", 0, new byte[100], 0, 100, 1000, null!, 0, 0);
            case "an upgrade that is not newer":
                request.Set("stranger", 0, ToyImages.Make(1, counter: 1), 0, 100, 1000, null!, 0, 0);
                request.Upgrade = true;
                return request;
            default:
                return request.Set("stranger", 0, image, 0, 0, 0, null!, 0, 0);
        }
    }
}
