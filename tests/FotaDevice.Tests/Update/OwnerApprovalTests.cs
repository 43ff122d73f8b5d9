using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;
using Xunit;

namespace FotaDevice.Tests.Update;

public class OwnerApprovalTests
{
    private readonly FakeClock _clock = new();

    [Fact]
    public void ThePowerOnWindowApprovesForNinetySecondsByDefault()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: true);
        _clock.Advance(89_999);
        Assert.True(approval.WindowOpen);
        Assert.Equal(1, approval.WindowRemainingMilliseconds);
        Assert.True(approval.TryApprove(1, false));
        _clock.Advance(1);
        Assert.False(approval.WindowOpen);
        Assert.False(approval.TryApprove(1, false));
    }

    [Fact]
    public void AStartThatWasNotAPowerOnNeverOpensTheWindow()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        Assert.False(approval.WindowOpen);
        Assert.False(approval.TryApprove(1, false));
    }

    [Fact]
    public void PressFirstThenRequest()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        Assert.False(approval.ButtonPressed()); // nothing waiting: the press is kept
        _clock.Advance(59_000);
        Assert.True(approval.TryApprove(1, false));
    }

    [Fact]
    public void APressIsUsedUpByOneSwitch()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.ButtonPressed();
        Assert.True(approval.TryApprove(1, false));
        Assert.False(approval.TryApprove(1, false));
    }

    [Fact]
    public void APressExpires()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.ButtonPressed();
        _clock.Advance(60_000);
        Assert.False(approval.TryApprove(1, false));
    }

    [Fact]
    public void RequestFirstThenPressWithinTheTime()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        Assert.False(approval.TryApprove(1, true));
        Assert.Equal(1, approval.WaitingSlot);
        Assert.True(approval.WaitingPermanent);
        _clock.Advance(30_000);
        Assert.Equal(30_000, approval.WaitingRemainingMilliseconds);
        Assert.True(approval.ButtonPressed());
        Assert.Equal(-1, approval.WaitingSlot);
        Assert.False(approval.TryApprove(1, false)); // that press was used by the waiting switch
    }

    [Fact]
    public void AWaitingRequestExpires()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.TryApprove(0, false);
        _clock.Advance(60_000);
        Assert.Equal(-1, approval.WaitingSlot);
        Assert.False(approval.ButtonPressed()); // nothing waits any more: this press is kept for the next request
        Assert.True(approval.TryApprove(0, false));
    }

    [Fact]
    public void ButtonOnlyIgnoresTheWindow()
    {
        var settings = new ApprovalSettings { Policy = ApprovalPolicy.ButtonOnly };
        var approval = new OwnerApproval(settings, _clock, powerOn: true);
        Assert.False(approval.WindowOpen);
        Assert.False(approval.TryApprove(1, false));
        Assert.True(approval.ButtonPressed());
    }

    [Fact]
    public void WindowOnlyIgnoresTheButton()
    {
        var settings = new ApprovalSettings { Policy = ApprovalPolicy.WindowOnly, WindowMilliseconds = 1000 };
        var approval = new OwnerApproval(settings, _clock, powerOn: true);
        _clock.Advance(1000);
        Assert.False(approval.ButtonPressed());
        Assert.False(approval.TryApprove(1, false));
        Assert.Equal(-1, approval.WaitingSlot);
    }

    [Fact]
    public void ACustomWindowLength()
    {
        var settings = new ApprovalSettings { WindowMilliseconds = 5_000 };
        var approval = new OwnerApproval(settings, _clock, powerOn: true);
        _clock.Advance(5_000);
        Assert.False(approval.WindowOpen);
    }
}
