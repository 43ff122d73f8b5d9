using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>Test, confirm, approval, reboot, trial and revert through the engine and the boot decision.</summary>
public class SwitchTests
{
    private const int A = 0;
    private const int B = 1;
    private readonly DeviceHarness _device = new();
    private readonly byte[] _v1 = ToyImages.Make(1, counter: 1);
    private readonly byte[] _v2 = ToyImages.Make(2, counter: 2);

    public SwitchTests()
    {
        _device.Install(A, _v1);
        _device.Start();
        _device.Engine.Reboot(); // settle: v1 confirmed, next start not a power-on
        _device.StartWithWindowClosed();
    }

    [Fact]
    public void NoSwitchWithoutApprovalThenAPressStagesIt()
    {
        _device.Upload(_v2);
        var engine = _device.Engine;
        Assert.Equal(UpdateStatus.ApprovalRequired, engine.Switch(ToyImages.HashOf(_v2), 0, false));
        Assert.Contains("press the button", engine.LastMessage);
        Assert.False(engine.IsPending(B));
        Assert.Equal(BootState.NoSlot, _device.StoredState().PendingSlot);

        _device.Clock.Advance(10_000);
        _device.Press();
        Assert.True(engine.IsPending(B));
        Assert.Equal(B, _device.StoredState().PendingSlot);
    }

    [Fact]
    public void APressLongAfterTheRequestDoesNotStageIt()
    {
        _device.Upload(_v2);
        var engine = _device.Engine;
        engine.Switch(ToyImages.HashOf(_v2), 0, false);
        _device.Clock.Advance(60_000);
        _device.Press();
        Assert.False(engine.IsPending(B));
    }

    [Fact]
    public void PressFirstThenTest()
    {
        _device.Upload(_v2);
        _device.Press();
        Assert.Equal(UpdateStatus.Ok, _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false));
        Assert.True(_device.Engine.IsPending(B));
    }

    [Fact]
    public void ARequestInsideThePowerOnWindowIsApproved()
    {
        _device.Start(); // a real power-on
        _device.Upload(_v2);
        Assert.Equal(UpdateStatus.Ok, _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false));
    }

    [Fact]
    public void TheDevicesOwnRebootsNeverOpenTheWindowEvenInALoop()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(UpdateStatus.Ok, _device.Engine.Reboot());
            _device.Start();
            Assert.False(_device.Plan.PowerOn);
            Assert.False(_device.Engine.Approval.WindowOpen);
        }

        _device.Upload(_v2);
        Assert.Equal(UpdateStatus.ApprovalRequired, _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false));
    }

    [Fact]
    public void TheFullCycleTrialThenConfirm()
    {
        _device.Upload(_v2);
        _device.Press();
        Assert.Equal(UpdateStatus.Ok, _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false));
        _device.Engine.Reboot();

        var engine = _device.Start();
        Assert.Equal(B, engine.RunningSlot);
        Assert.True(engine.RunningOnTrial);
        Assert.Equal(1u, engine.SecurityCounter); // a trial does not raise the counter

        Assert.Equal(UpdateStatus.Ok, engine.ConfirmRunning());
        Assert.False(engine.RunningOnTrial);
        Assert.Equal(2u, _device.StoredState().SecurityCounter);

        engine.Reboot();
        Assert.Equal(B, _device.Start().RunningSlot);
        Assert.False(_device.Engine.RunningOnTrial);
    }

    [Fact]
    public void ATrialImageThatDoesNotConfirmIsRevertedAndCannotBeRetriedWithoutReupload()
    {
        _device.Upload(_v2);
        _device.Press();
        _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false);
        _device.Engine.Reboot();
        Assert.Equal(B, _device.Start().RunningSlot);

        _device.Engine.Reboot(); // never confirmed
        var engine = _device.StartWithWindowClosed();
        Assert.Equal(A, engine.RunningSlot);
        Assert.True(engine.IsRejected(B));
        Assert.True(_device.Log.Has("did not confirm itself"));

        _device.Press();
        Assert.Equal(UpdateStatus.Refused, engine.Switch(ToyImages.HashOf(_v2), 0, false));
        Assert.Contains("already failed", engine.LastMessage);

        _device.Upload(_v2); // uploaded again: may be retried
        Assert.False(engine.IsRejected(B));
        _device.Press();
        Assert.Equal(UpdateStatus.Ok, engine.Switch(ToyImages.HashOf(_v2), 0, false));
    }

    [Fact]
    public void ConfirmByHashIsAPermanentSwitchAndNeedsItsOwnRequestThenAPress()
    {
        _device.Upload(_v2);
        _device.Press(); // a press with nothing waiting approves a trial only
        Assert.Equal(UpdateStatus.ApprovalRequired, _device.Engine.Switch(ToyImages.HashOf(_v2), 0, true));
        Assert.False(_device.Engine.IsPending(B));
        _device.Press();
        Assert.True(_device.Engine.IsPermanent(B));
        _device.Engine.Reboot();
        var engine = _device.Start();
        Assert.Equal(B, engine.RunningSlot);
        Assert.False(engine.RunningOnTrial);
        Assert.True(engine.IsConfirmed(B));
    }

    [Theory]
    [InlineData(1, 1, "not newer")]          // same version: replay
    [InlineData(0, 1, "not newer")]          // older: rollback
    [InlineData(3, 0, "security counter")]   // newer but counter below the device's
    public void RollbacksAreRefusedEvenWithApproval(int major, int counter, string why)
    {
        var image = ToyImages.Make(major, counter, size: 1001); // differs from the running image even at the same version
        _device.Upload(image);
        _device.Press();
        Assert.Equal(UpdateStatus.Refused, _device.Engine.Switch(ToyImages.HashOf(image), 0, false));
        Assert.Contains(why, _device.Engine.LastMessage);
        Assert.Equal(BootState.NoSlot, _device.StoredState().PendingSlot);
    }

    [Fact]
    public void AnImageThatFailsItsCheckIsRefused()
    {
        var unsigned = ToyImages.Make(2, 2, signed: false);
        _device.Upload(unsigned);
        _device.Press();
        Assert.Equal(UpdateStatus.Refused, _device.Engine.Switch(ToyImages.HashOf(unsigned), 0, false));
        Assert.Contains("signature", _device.Engine.LastMessage);
    }

    [Fact]
    public void AHashNamesAnImageNotASlot()
    {
        _device.Upload(_v2);
        var oldHash = _device.Engine.SlotImage(B).ImageHash!; // a client read the state...
        var v3 = ToyImages.Make(3, 3);
        _device.Upload(v3);                                  // ...then the slot was written again
        _device.Press();
        Assert.Equal(UpdateStatus.NotFound, _device.Engine.Switch(oldHash, 0, false));
        Assert.False(_device.Engine.IsPending(B));
    }

    [Fact]
    public void AnUnknownHashIsNotFound()
    {
        Assert.Equal(UpdateStatus.NotFound, _device.Engine.Switch(new byte[32], 0, false));
    }

    [Fact]
    public void AnApprovedSwitchCannotBeOverwrittenByAnUploadAndItsEraseNeedsApproval()
    {
        _device.Upload(_v2);
        _device.Press();
        _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false);
        Assert.True(_device.Engine.IsPending(B));
        var reply = _device.Upload(ToyImages.Make(3, 3), client: "stranger");
        Assert.Equal(UpdateStatus.BadState, reply.Status);
        Assert.Contains("approved switch", reply.Message);
        Assert.Equal(UpdateStatus.ApprovalRequired, _device.Engine.Erase("stranger", B));
        Assert.True(_device.Engine.IsPending(B));
        Assert.Equal(_v2, _device.Slots[B].Contents);
        Assert.Equal(B, _device.StoredState().PendingSlot);
    }

    [Fact]
    public void AnUploadAfterTheRequestVoidsTheWaitingSwitch()
    {
        _device.Upload(_v2);
        _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false); // waits for a press
        _device.Upload(ToyImages.Make(3, 3));
        _device.Press();
        Assert.False(_device.Engine.IsPending(B));
    }

    [Fact]
    public void NoUploadOrEraseWhileOnTrial()
    {
        _device.Upload(_v2);
        _device.Press();
        _device.Engine.Switch(ToyImages.HashOf(_v2), 0, false);
        _device.Engine.Reboot();
        var engine = _device.Start();
        Assert.True(engine.RunningOnTrial);
        Assert.Equal(UpdateStatus.BadState, _device.Upload(ToyImages.Make(3, 3)).Status);
        Assert.Equal(UpdateStatus.BadState, engine.Erase(this, A));
        Assert.Equal(_v1, _device.Slots[A].Contents);
    }

    [Fact]
    public void EraseEmptiesOnlyTheInactiveSlot()
    {
        _device.Upload(_v2);
        Assert.Equal(UpdateStatus.BadState, _device.Engine.Erase(this, A));
        Assert.Equal(UpdateStatus.ApprovalRequired, _device.Engine.Erase(this, B));
        Assert.Equal(_v2, _device.Slots[B].Contents);
        _device.Press();
        Assert.Equal(0, _device.Slots[B].Length);
        Assert.True(_device.Engine.SlotImage(B).Empty);
    }

    [Fact]
    public void ARebootThatCannotBeRecordedDoesNotHappen()
    {
        var rebootsBefore = _device.Reboots;
        _device.Power.CutAt = _device.Power.Operations + 1; // the record write fails
        Assert.Equal(UpdateStatus.StorageError, _device.Engine.Reboot());
        Assert.Equal(rebootsBefore, _device.Reboots);
    }
}
