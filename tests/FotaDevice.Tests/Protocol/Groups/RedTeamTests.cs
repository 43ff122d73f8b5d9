using FotaDevice.Protocol.Smp;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;
using Xunit;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// Sequences a stranger on the link runs around the owner's actions (two clients, timing), beyond the
/// single requests of <see cref="StrangerTests"/> and the attacks of <see cref="AttackTests"/>.
/// </summary>
public sealed class RedTeamTests : IDisposable
{
    private readonly SmpRig _rig = Running();
    private readonly byte[] _v5;
    private readonly byte[] _v2;

    public RedTeamTests()
    {
        _v5 = _rig.Image("5.0.0", 5);
        _v2 = _rig.Image("2.0.0", 2);
    }

    public void Dispose() => _rig.Dispose();

    /// <summary>
    /// docs/update-engine.md: "Any change to a slot voids what waits for it and a press bound to it.
    /// For the rest of the voided request's 60 s, no other request may wait and a press approves
    /// nothing: a press the owner meant for a request a stranger voided never approves the
    /// stranger's." The owner's first press after the void approves nothing, as promised; the owner,
    /// seeing nothing happen, presses again a few seconds later, still inside the 60 s.
    /// </summary>
    [Fact]
    public void TheOwnersSecondPressInsideTheVoidedRequestsTimeDoesNotApproveTheStrangersRequest()
    {
        _rig.Upload(_v5, client: "owner");
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v5), false, "owner")));
        _rig.Clock.Advance(10_000);
        _rig.Upload(_v2, client: "stranger");                                  // voids the owner's request
        Assert.Equal(SmpErrors.EBUSY, Rc(_rig.StateWrite(HashOf(_v2), false, "stranger")));
        _rig.Clock.Advance(5_000);
        _rig.Press();                                                          // meant for the owner's request: nothing
        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);

        _rig.StateWrite(HashOf(_v2), false, "stranger");                       // the stranger asks again at once
        _rig.Clock.Advance(2_000);
        _rig.Press();                                                          // the owner presses again, 17 s into the 60 s

        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);             // the stranger's image must not be approved
    }

    /// <summary>
    /// docs/update-engine.md lists, among what a stranger can do, "restart the device when nothing is
    /// at stake ..., which costs the owner nothing". With policy WindowOnly the power-on window is the
    /// owner's only way to approve; a stranger who restarts the device (allowed: no trial, nothing
    /// waiting, no upload) less than a window's length before the owner's power cycle takes that
    /// window: the start after a recorded restart is armed again, so the power-on that follows it
    /// within 90 s is taken for a crash loop.
    /// </summary>
    [Fact]
    public void AStrangersResetDoesNotTakeTheWindowOfTheOwnersPowerCycle()
    {
        using var rig = Running(new ApprovalSettings { Policy = ApprovalPolicy.WindowOnly });
        var v5 = rig.Image("5.0.0", 5);
        rig.Upload(v5, client: "owner");                                       // uploaded earlier; waits for the owner's window

        Assert.Empty(rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger")); // allowed: nothing at stake
        rig.Start();                                                           // the device's own restart
        rig.Clock.Advance(30_000);
        rig.Engine.Tick();

        rig.Start();                                                           // the owner switches the device off and on
        Assert.True(rig.Engine.Approval.WindowOpen, "the stranger's reset took the owner's power-on window");
        Assert.Equal(0, Rc(rig.StateWrite(HashOf(v5), false, "owner")));
    }

    /// <summary>
    /// Whatever keeps the window of a power-on after a stranger's reset must not let the stranger's
    /// resets reopen it in a crash loop (each crash start is taken for a power-on): a reset between
    /// crashes opens no window.
    /// </summary>
    [Fact]
    public void AStrangersResetsBetweenCrashesDoNotReopenTheWindow()
    {
        _rig.Start();                                                          // a power-on: the window opens
        Assert.True(_rig.Engine.Approval.WindowOpen);
        for (var crash = 0; crash < 3; crash++)
        {
            _rig.Clock.Advance(5_000);
            _rig.Start();                                                      // the app crashes: nothing recorded
            Assert.False(_rig.Engine.Approval.WindowOpen);
            _rig.Clock.Advance(3_000);
            Assert.Empty(_rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger"));
            _rig.Start();                                                      // the stranger's reset: the device's own restart
            Assert.False(_rig.Engine.Approval.WindowOpen);
            _rig.Clock.Advance(80_000);
            _rig.Engine.Tick();
        }

        _rig.Start();                                                          // and another crash
        Assert.False(_rig.Engine.Approval.WindowOpen);
        _rig.Upload(_v5, client: "stranger");
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v5), false, "stranger")));
    }

    /// <summary>
    /// And the first start of a new image is armed whatever the start before it lived: a trial that
    /// crashes at once (nothing recorded) opens no window at the start that reverts it.
    /// </summary>
    [Fact]
    public void ATrialThatCrashesAtOnceOpensNoWindowAtItsRevert()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        _rig.Press();
        Assert.Empty(_rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "owner"));
        _rig.Start();                                                          // the trial starts
        Assert.True(_rig.Engine.RunningOnTrial);
        _rig.Clock.Advance(2_000);
        _rig.Start();                                                          // it crashes: nothing recorded
        Assert.Equal(0, _rig.Engine.RunningSlot);                              // reverted
        Assert.False(_rig.Engine.Approval.WindowOpen);
    }

    /// <summary>
    /// "The restart that carries out a switch (the end of the owner's update) closes [the window]",
    /// and a stranger "cannot confirm a trial". The owner approved a trial and, instead of asking for
    /// the restart, switches the device off and on (or the power fails first): that start carries out
    /// the switch too, and the trial must not run with a window open, in which a stranger's confirm
    /// would keep a trial image that never confirmed itself and raise the anti-rollback counter.
    /// </summary>
    [Fact]
    public void APowerCycleThatCarriesOutTheOwnersSwitchOpensNoWindowForTheTrial()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        _rig.Press();
        Assert.Equal(1, _rig.Stored().PendingSlot);
        _rig.Start();                                                          // a power cycle, not the device's own restart
        Assert.True(_rig.Engine.RunningOnTrial);

        Assert.False(_rig.Engine.Approval.WindowOpen);
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(null, true, "stranger")));
        Assert.True(_rig.Engine.RunningOnTrial);
        Assert.Equal(1u, _rig.Engine.SecurityCounter);
    }

    /// <summary>
    /// docs/smp-fota-group.md: "a start counts the whole wait from its beginning, so a restart never
    /// shortens it ... There is no lock-out for good: a stranger could then lock the owner out." A
    /// restart lengthened it, though, and a stranger could restart the device whenever nothing was at
    /// stake: after its wrong guesses had made the wait an hour, one reset shortly before each hour was
    /// up kept the owner from ever making an attempt (with policy CodeOnly, from approving at all). A
    /// client's reset is now refused while the wait runs; the owner's proof is taken once it is over.
    /// </summary>
    [Fact]
    public void AStrangersResetsDoNotKeepTheOwnerCodeWaitingForGood()
    {
        using var rig = Running(OwnerCodes.Settings(ApprovalPolicy.CodeOnly));
        var v5 = rig.Image("5.0.0", 5);
        rig.Upload(v5, client: "owner");
        for (var guess = 0; guess < 15; guess++)                               // the stranger's wrong guesses
        {
            rig.Clock.Advance(OwnerCodeWaitMilliseconds(rig));
            Assert.Equal(SmpErrors.EACCESSDENIED, Rc(OwnerCodes.Prove(rig, ApprovalAction.Trial, HashOf(v5), OwnerCodes.Wrong, "stranger")));
        }

        Assert.InRange(OwnerCodeWaitMilliseconds(rig), 3_000_000, 3_600_000);  // an hour, as documented
        var reboots = rig.Reboots;
        rig.Clock.Advance(OwnerCodeWaitMilliseconds(rig) - 60_000);            // a minute before the wait is up...
        Assert.Equal(SmpErrors.EBUSY, Rc(rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger"))); // ...a reset: refused
        Assert.Equal(reboots, rig.Reboots);                                   // and no restart happened
        Assert.InRange(OwnerCodeWaitMilliseconds(rig), 1, 60_000);             // the wait goes on where it was

        rig.Clock.Advance(60_000);                                             // the wait is over: the owner's proof counts
        Assert.Equal(0, Rc(OwnerCodes.Prove(rig, ApprovalAction.Trial, HashOf(v5), OwnerCodes.Code, "owner")));
        Assert.Empty(rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger")); // no wait: a reset is allowed again
    }

    private static long OwnerCodeWaitMilliseconds(SmpRig rig) => (long)rig.Status()["code_wait_s"]! * 1000;
}
