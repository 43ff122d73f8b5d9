using FotaDevice.Protocol.Smp;
using FotaDevice.Update.Approval;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.State;
using Xunit;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// The attacks a stranger on the link made against the owner's approval (issue 10's table), and the
/// sequences a later red team ran around the owner's actions (two clients, timing, restarts), each as
/// the stranger would send it, with what the device must do instead.
/// </summary>
public sealed class AttackTests : IDisposable
{
    private readonly SmpRig _rig = Running();
    private readonly byte[] _v5;
    private readonly byte[] _v2;

    public AttackTests()
    {
        _v5 = _rig.Image("5.0.0", 5);
        _v2 = _rig.Image("2.0.0", 2);
    }

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AnImageSwappedInJustBeforeThePressIsNotApproved()
    {
        _rig.Upload(_v5, client: "owner");
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v5), false, "owner")));
        _rig.Clock.Advance(40_000);
        _rig.Upload(_v2, client: "stranger");                              // just before the owner's press
        Assert.Equal(SmpErrors.EBUSY, Rc(_rig.StateWrite(HashOf(_v2), false, "stranger")));
        var status = _rig.Status();
        Assert.Equal("none", status["waiting_action"]);
        _rig.Press();
        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);
        Assert.Contains("voided", string.Join("\n", _rig.Log.Lines));
    }

    [Fact]
    public void StatusShowsWhichImageWaitsForThePress()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        var status = _rig.Status();
        Assert.Equal("test", status["waiting_action"]);
        Assert.Equal(1L, status["waiting_slot"]);
        Assert.Equal(HashOf(_v5), (byte[])status["waiting_hash"]!);
    }

    [Fact]
    public void AStrangerCannotConfirmARunningTrialNorUpgradeTheOwnersPress()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        Assert.Equal(SmpErrors.EBUSY, Rc(_rig.StateWrite(HashOf(_v5), true, "stranger"))); // "confirm" while the owner's "test" waits
        _rig.Press();
        Assert.False(_rig.Stored().PendingPermanent);                           // the press made a trial, not a switch for good
        _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "owner");
        _rig.Start();
        Assert.True(_rig.Engine.RunningOnTrial);

        var confirm = _rig.StateWrite(null, true, "stranger");                   // the trial is broken; the stranger tries to keep it
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(confirm));
        Assert.Equal(1, _rig.Stored().TrialSlot);
        Assert.Equal(1u, _rig.Stored().SecurityCounter);
        _rig.Engine.Reboot();                                                   // the trial's deadline: the device restarts itself
        _rig.Start();
        Assert.Equal(0, _rig.Engine.RunningSlot);                               // reverted
    }

    [Fact]
    public void EmptyOrTricklingChunksDoNotKeepTheSlot()
    {
        _rig.Chunk("stranger", _v2, 0, 700, first: true);
        for (var i = 0; i < 3; i++)
        {
            _rig.Clock.Advance(20_000);
            _rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(2); w.WriteTextString("off"); w.WriteInt32(700); w.WriteTextString("data"); w.WriteByteString([]); w.WriteEndMap(); }, "stranger");
        }

        Assert.NotEqual(SmpErrors.EBUSY, Rc(_rig.Chunk("owner", _v5, 0, 700, first: true)));

        _rig.Clock.Advance(40_000);                                             // the owner's client went quiet: a stranger takes over...
        var offset = 700;
        for (var i = 0; i < 4; i++)
        {
            _rig.Chunk("stranger", _v2, 0, 700, first: true);
            _rig.Clock.Advance(20_000);
            offset = (int)(long)_rig.Chunk("stranger", _v2, 700, 1, first: false)["off"]!; // ...and sends a byte every 20 s
        }

        Assert.NotEqual(SmpErrors.EBUSY, Rc(_rig.Chunk("owner", _v5, 0, 700, first: true)));
    }

    [Fact]
    public void EraseNeitherAbortsTheOwnersUploadNorTakesAnApprovedSwitchWithoutApproval()
    {
        _rig.Chunk("owner", _v5, 0, 700, first: true);
        Assert.Equal(SmpErrors.EBUSY, Rc(_rig.Request(SmpHeader.OpWrite, 1, 5, EmptyMap, "stranger")));
        Assert.Equal(700, _rig.Slots[1].Length);

        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        _rig.Press();
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.Request(SmpHeader.OpWrite, 1, 5, EmptyMap, "stranger")));
        Assert.Equal(1, _rig.Stored().PendingSlot);
        Assert.Equal(_v5, _rig.Slots[1].Contents);
        Assert.Equal(SmpErrors.EBADSTATE, Rc(_rig.Chunk("stranger", _v2, 0, 700, first: true)));
    }

    [Fact]
    public void AFirstChunkRefusedBeforeAnythingIsWrittenLeavesTheWaitingSwitchAlone()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        var tooBig = _rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(3); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("len"); w.WriteInt32(1 << 30); w.WriteTextString("data"); w.WriteByteString(_v2.AsSpan(0, 100)); w.WriteEndMap(); }, "stranger");
        Assert.Equal(SmpErrors.ENOMEM, Rc(tooBig));
        Assert.Equal("test", _rig.Status()["waiting_action"]);
        _rig.Press();
        Assert.Equal(1, _rig.Stored().PendingSlot);
    }

    [Fact]
    public void AResetIsRefusedWhileASwitchWaitsAndNeedsApprovalDuringATrial()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        var reset = _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger");
        Assert.Equal(SmpErrors.EBUSY, Rc(reset));
        Assert.Contains("waits for the owner's press", Reason(reset));
        Assert.Equal(0, _rig.Reboots);

        _rig.Press();
        _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "owner");
        _rig.Start();
        Assert.True(_rig.Engine.RunningOnTrial);
        var revert = _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger");
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(revert));
        Assert.Equal(1, _rig.Reboots);
        _rig.Press();                                                           // the owner wants the revert
        Assert.Equal(2, _rig.Reboots);
        _rig.Start();
        Assert.Equal(0, _rig.Engine.RunningSlot);
    }

    [Fact]
    public void AResetDoesNotCloseTheOwnersWindow()
    {
        PowerCycle();                                                           // the window opens
        Assert.True(_rig.Engine.Approval.WindowOpen);
        _rig.Clock.Advance(30_000);
        Assert.Empty(_rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger"));
        _rig.Start();
        Assert.True(_rig.Engine.Approval.WindowOpen);                           // what was left of it carries over
        Assert.InRange(_rig.Engine.Approval.WindowRemainingMilliseconds, 59_000, 60_000);
    }

    [Fact]
    public void AFirstInstallOnABlankDeviceNeedsApproval()
    {
        using var blank = new SmpRig();
        blank.Start();
        blank.CloseWindow();
        var v1 = blank.Image("1.0.0", 1);
        blank.Upload(v1, client: "stranger");
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(blank.StateWrite(HashOf(v1), false, "stranger")));
        blank.Clock.Advance(60_000);                                            // nobody pressed
        Assert.Empty(blank.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "stranger"));
        blank.Start();
        Assert.Equal(BootState.NoSlot, blank.Engine.RunningSlot);
        blank.Engine.Reboot();
        blank.Start();
        Assert.Equal(BootState.NoSlot, blank.Engine.RunningSlot);
    }

    [Fact]
    public void DamageToTheNewestRecordCopyNeitherRevertsTheConfirmedImageNorLowersTheCounter()
    {
        _rig.Upload(_v5, client: "owner");
        _rig.StateWrite(HashOf(_v5), false, "owner");
        _rig.Press();
        _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, "owner");
        _rig.Start();
        _rig.Engine.ConfirmRunning();                                           // v5 confirms itself: counter 5
        var records = new[] { _rig.Records[0]!.ToArray(), _rig.Records[1]!.ToArray() };
        for (var copy = 0; copy < 2; copy++)
        {
            for (var bit = 0; bit < 8 * 72; bit += 37)
            {
                _rig.Records[0] = records[0].ToArray();
                _rig.Records[1] = records[1].ToArray();
                _rig.Records[copy]![bit / 8] ^= (byte)(1 << (bit % 8));         // bit rot in one copy
                _rig.Start();
                Assert.Equal(1, _rig.Engine.RunningSlot);
                Assert.False(_rig.Engine.RunningOnTrial);
                Assert.Equal(5u, _rig.Engine.SecurityCounter);
            }
        }
    }

    [Fact]
    public void RestartsTheDeviceDidNotRecordDoNotKeepReopeningTheWindow()
    {
        PowerCycle();
        Assert.True(_rig.Engine.Approval.WindowOpen);                           // a power-on
        for (var crash = 0; crash < 4; crash++)
        {
            _rig.Clock.Advance(5_000);
            _rig.Start();                                                       // a crash loop: nothing recorded
            Assert.False(_rig.Engine.Approval.WindowOpen);
            _rig.Upload(_v5, client: "stranger");
            Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v5), false, "stranger")));
        }

        _rig.CloseWindow();                                                     // a start lives past the window...
        _rig.Start();                                                           // ...then a real power-on
        Assert.True(_rig.Engine.Approval.WindowOpen);
    }

    /// <summary>The owner switches the device off and on, long after its last start.</summary>
    private void PowerCycle() => _rig.Start();

    // Found by attacking again (sequences around the owner's actions).

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
