using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>The approval rules on their own: what a window, a press and a waiting request approve.</summary>
public class OwnerApprovalTests
{
    private static readonly byte[] V5 = Enumerable.Repeat((byte)5, 32).ToArray();
    private static readonly byte[] V2 = Enumerable.Repeat((byte)2, 32).ToArray();
    private readonly FakeClock _clock = new();
    private readonly ApprovalRequest _taken = new();

    [Fact]
    public void ThePowerOnWindowApprovesForNinetySecondsByDefault()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: true);
        _clock.Advance(89_999);
        Assert.True(approval.WindowOpen);
        Assert.Equal(1, approval.WindowRemainingMilliseconds);
        Assert.Equal(OwnerApproval.Approved, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        _clock.Advance(1);
        Assert.False(approval.WindowOpen);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
    }

    [Fact]
    public void AStartThatWasNotAPowerOnNeverOpensTheWindow()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        Assert.False(approval.WindowOpen);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
    }

    [Fact]
    public void AWindowCarriedOverARestartKeepsOnlyWhatWasLeft()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, new BootPlan { WindowOpens = true, WindowCarriedSeconds = 20 });
        Assert.Equal(20_000, approval.WindowRemainingMilliseconds);
        Assert.False(new OwnerApproval(new ApprovalSettings(), _clock, new BootPlan { WindowOpens = false }).WindowOpen);
    }

    [Fact]
    public void APressApprovesExactlyTheRequestThatWaits()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        Assert.Equal(ApprovalAction.Trial, approval.WaitingAction);
        Assert.Equal(V5, approval.WaitingHash);
        Assert.True(approval.TakeWaiting(_taken));
        Assert.Equal(ApprovalAction.Trial, _taken.Action);
        Assert.Equal(V5, _taken.Hash);
        Assert.Equal(ApprovalAction.None, approval.WaitingAction);
        Assert.False(approval.TakeWaiting(_taken)); // used up
    }

    [Fact]
    public void ARequestNeverReplacesAnotherThatWaits()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.Ask(ApprovalAction.Trial, 1, V5, 0);                                                   // the owner
        Assert.Equal(OwnerApproval.OtherWaiting, approval.Ask(ApprovalAction.Trial, 1, V2, 0));          // another image
        Assert.Equal(OwnerApproval.OtherWaiting, approval.Ask(ApprovalAction.Permanent, 1, V5, 0));      // an upgrade to "for good"
        Assert.Equal(OwnerApproval.OtherWaiting, approval.Ask(ApprovalAction.Erase, 1, V5, 0));          // something else
        approval.TakeWaiting(_taken);
        Assert.Equal(ApprovalAction.Trial, _taken.Action);
        Assert.Equal(V5, _taken.Hash);
    }

    [Fact]
    public void AskingForATrialTurnsAWaitingSwitchForGoodIntoATrialNeverTheOtherWay()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.Ask(ApprovalAction.Permanent, 1, V5, 0);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        Assert.Equal(ApprovalAction.Trial, approval.WaitingAction);
    }

    [Fact]
    public void AWaitingRequestExpiresAfterThePressTime()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.Ask(ApprovalAction.Trial, 1, V5, 0);
        _clock.Advance(60_000);
        Assert.Equal(-1, approval.WaitingSlot);
        Assert.False(approval.TakeWaiting(_taken));
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V2, 0)); // a new request may wait now
    }

    [Fact]
    public void APressWithNothingWaitingApprovesOnlyATrialOfTheImageItSaw()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.PressedWithNothingWaiting(1, V5);
        Assert.Equal(1, approval.PressSlot);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Permanent, 1, V5, 0)); // not for good
        approval.ClearWaiting();
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V2, 0));     // not another image
        approval.ClearWaiting();
        _clock.Advance(59_000);
        Assert.Equal(OwnerApproval.Approved, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));     // used up
    }

    [Fact]
    public void AChangeToTheSlotVoidsWhatWaitsAndAPressBoundToIt()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.Ask(ApprovalAction.Trial, 1, V5, 0);
        approval.SlotChanged(1);
        Assert.False(approval.TakeWaiting(_taken));
        _clock.Advance(60_000);                                                          // the void has run out
        approval.PressedWithNothingWaiting(1, V5);
        approval.SlotChanged(1);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
    }

    [Fact]
    public void PressesDuringAVoidApproveNothingAndDoNotEndIt()
    {
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn: false);
        approval.Ask(ApprovalAction.Trial, 1, V5, 0);
        _clock.Advance(10_000);
        approval.SlotChanged(1);
        Assert.True(approval.UseVoidedPress());                                          // the owner's press: nothing
        Assert.Equal(OwnerApproval.OtherWaiting, approval.Ask(ApprovalAction.Trial, 1, V2, 0)); // still void: nothing may wait
        approval.PressedWithNothingWaiting(1, V2);                                       // a second press binds nothing either
        Assert.Equal(-1, approval.PressSlot);
        _clock.Advance(50_000);                                                          // the voided request's 60 s are over
        Assert.False(approval.UseVoidedPress());
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V2, 0));
    }

    [Fact]
    public void ButtonOnlyIgnoresTheWindow()
    {
        var settings = new ApprovalSettings { Policy = ApprovalPolicy.ButtonOnly };
        var approval = new OwnerApproval(settings, _clock, powerOn: true);
        Assert.False(approval.WindowOpen);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        Assert.True(approval.TakeWaiting(_taken));
    }

    [Fact]
    public void WindowOnlyIgnoresPresses()
    {
        var settings = new ApprovalSettings { Policy = ApprovalPolicy.WindowOnly };
        var approval = new OwnerApproval(settings, _clock, powerOn: true);
        Assert.Equal(OwnerApproval.Approved, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        _clock.Advance(90_000);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
        Assert.False(approval.TakeWaiting(_taken));
        approval.PressedWithNothingWaiting(1, V5);
        Assert.Equal(OwnerApproval.Waiting, approval.Ask(ApprovalAction.Trial, 1, V5, 0));
    }
}
