using FotaDevice.Protocol.Smp;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;
using Xunit;
using static FotaDevice.Tests.Fakes.OwnerCodes;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// The printed owner code as a client on the link uses it: the status offers a challenge, command 1
/// of the FOTA group carries the proof for one action on one image, and that request is then
/// approved. Attacked as a stranger would: a wrong code, a replayed proof, a proof for another
/// image or action, guessing fast, and restarting the device to reset the count.
/// </summary>
public sealed class OwnerCodeTests : IDisposable
{
    private readonly SmpRig _rig = Running(Settings(ApprovalPolicy.CodeOnly));
    private readonly byte[] _v2;
    private readonly byte[] _v3;

    public OwnerCodeTests()
    {
        _v2 = _rig.Image("2.0.0", 2);
        _v3 = _rig.Image("3.0.0", 3);
        _rig.Upload(_v2);
    }

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void TheStatusOffersTheSaltAndOneChallengeUntilAnAttemptUsesIt()
    {
        var status = _rig.Status();
        Assert.Equal("code", status["policy"]);
        Assert.Equal(true, status["code"]);
        Assert.Equal(Stored.Salt, status["code_salt"]);
        var challenge = (byte[])status["challenge"]!;
        Assert.Equal(16, challenge.Length);
        Assert.Equal(challenge, _rig.Status()["challenge"]);                      // a read does not replace it
        Prove(_rig, ApprovalAction.Trial, HashOf(_v2), Wrong);
        Assert.NotEqual(challenge, _rig.Status()["challenge"]);                   // an attempt used it
    }

    [Fact]
    public void TheChallengeComesFromTheDevicesRandomSource()
    {
        var random = new CountingRandom();
        using var rig = Running(Settings(ApprovalPolicy.CodeOnly, random));
        Assert.Equal(0, ((byte[])rig.Status()["challenge"]!)[0]);
        Assert.Equal(1, random.Calls);
        Prove(rig, ApprovalAction.Reset, null, Wrong);
        Assert.Equal(1, ((byte[])rig.Status()["challenge"]!)[0]);
        Assert.Equal(2, random.Calls);
    }

    [Fact]
    public void TheRightCodeApprovesTheNamedTrialOnce()
    {
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), false)));
        Assert.Contains("owner code", Reason(_rig.StateWrite(HashOf(_v2), false)));

        var proved = Prove(_rig, ApprovalAction.Trial, HashOf(_v2));
        Assert.Equal(0, Rc(proved));
        Assert.Equal("test", proved["code_action"]);
        Assert.Equal(60L, proved["code_s"]);
        Assert.Equal(0, Rc(_rig.StateWrite(HashOf(_v2), false)));
        Assert.Equal(1, _rig.Stored().PendingSlot);
        Assert.False(_rig.Stored().PendingPermanent);
        Assert.Equal("none", _rig.Status()["code_action"]);                        // used up
    }

    [Fact]
    public void AProofApprovesOnlyItsActionAndItsImage()
    {
        Assert.Equal(0, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2))));
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), true)));   // not a switch for good
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.Request(SmpHeader.OpWrite, 1, 5, EmptyMap)));  // not an erase
        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);
        Assert.Equal(_v2.Length, _rig.Slots[1].Length);

        Assert.Equal(0, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v3))));            // approves v3, which is not there
        _rig.Upload(_v3);
        _rig.Upload(_v2);                                                                // a stranger puts v2 back
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), false)));
        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);
    }

    [Fact]
    public void AProofForAnotherImagesHashIsAWrongCode()
    {
        var status = _rig.Status();
        var challenge = (byte[])status["challenge"]!;
        var proofForV3 = ProofFor(Code, Stored.Salt, challenge, ApprovalAction.Trial, HashOf(_v3));
        var reply = _rig.Send(Frame(_rig, ApprovalAction.Trial, HashOf(_v2), challenge, proofForV3));
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(reply));
        Assert.StartsWith("wrong owner code", Reason(reply));
        Assert.Equal(1, _rig.Stored().CodeFailures);
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), false)));
    }

    [Fact]
    public void AWrongCodeApprovesNothingAndIsCountedInTheRecord()
    {
        var reply = Prove(_rig, ApprovalAction.Trial, HashOf(_v2), Wrong);
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(reply));
        Assert.Equal(1, _rig.Stored().CodeFailures);
        Assert.Equal(1L, _rig.Status()["code_failures"]);
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), false)));
        Assert.Equal(BootState.NoSlot, _rig.Stored().PendingSlot);

        Assert.Equal(0, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2))));
        Assert.Equal(0, _rig.Stored().CodeFailures);                                      // the right code clears the count
    }

    [Fact]
    public void AReplayedProofIsRefusedAndApprovesNothing()
    {
        var status = _rig.Status();
        var challenge = (byte[])status["challenge"]!;
        var frame = Frame(_rig, ApprovalAction.Trial, HashOf(_v2), challenge, ProofFor(Code, Stored.Salt, challenge, ApprovalAction.Trial, HashOf(_v2)));
        Assert.Equal(0, Rc(_rig.Send(frame, "owner")));
        Assert.Equal(0, Rc(_rig.StateWrite(HashOf(_v2), false, "owner")));            // the owner's trial is staged

        var replay = _rig.Send(frame, "stranger");                                        // what the stranger overheard
        Assert.Equal(SmpErrors.EINVAL, Rc(replay));
        Assert.Contains("challenge", Reason(replay));
        Assert.Equal(0, _rig.Stored().CodeFailures);                                      // not an attempt: nothing was checked
        Assert.Equal("none", _rig.Status()["code_action"]);                               // and nothing approved
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), true, "stranger")));
        Assert.False(_rig.Stored().PendingPermanent);
    }

    [Fact]
    public void AProofForAChallengeOfAnEarlierStartIsRefused()
    {
        var challenge = (byte[])_rig.Status()["challenge"]!;
        var proof = ProofFor(Code, Stored.Salt, challenge, ApprovalAction.Trial, HashOf(_v2));
        _rig.Engine.Reboot();
        _rig.Start();
        Assert.Equal(SmpErrors.EINVAL, Rc(_rig.Send(Frame(_rig, ApprovalAction.Trial, HashOf(_v2), challenge, proof))));
    }

    [Fact]
    public void WrongCodesInARowMakeTheNextAttemptWaitLongerAndLonger()
    {
        for (var i = 0; i < OwnerCodeGate.FreeFailures; i++)
        {
            Assert.Equal(SmpErrors.EACCESSDENIED, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2), Wrong)));
        }

        long expectedWait = 1000;
        for (var failures = OwnerCodeGate.FreeFailures; failures < 17; failures++)
        {
            var busy = Prove(_rig, ApprovalAction.Trial, HashOf(_v2));                   // even the right code waits
            Assert.Equal(SmpErrors.EBUSY, Rc(busy));
            Assert.Contains("try again in", Reason(busy));
            Assert.Equal(failures, _rig.Stored().CodeFailures);                          // waiting costs no try
            Assert.Equal((expectedWait + 999) / 1000, _rig.Status()["code_wait_s"]);
            _rig.Clock.Advance(expectedWait - 1);
            Assert.Equal(SmpErrors.EBUSY, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2), Wrong)));
            _rig.Clock.Advance(1);
            Assert.Equal(SmpErrors.EACCESSDENIED, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2), Wrong)));
            expectedWait = Math.Min(expectedWait * 2, 3_600_000);
        }

        Assert.Equal(3600L, _rig.Status()["code_wait_s"]);                               // capped at an hour, never locked for good
        _rig.Clock.Advance(3_600_000);
        Assert.Equal(0, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2))));
        Assert.Equal(0, Rc(_rig.StateWrite(HashOf(_v2), false)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheCountAndItsWaitSurviveARestart(bool powerCycle)
    {
        for (var i = 0; i < 8; i++)
        {
            _rig.Clock.Advance(3_600_000);
            Prove(_rig, ApprovalAction.Trial, HashOf(_v2), Wrong);
        }

        Assert.Equal(8, _rig.Stored().CodeFailures);
        if (!powerCycle)
        {
            _rig.Engine.Reboot();                                                         // the device's own restart
        }

        _rig.Start();                                                                     // or a crash, a power cut
        Assert.Equal(8L, _rig.Status()["code_failures"]);
        Assert.Equal(32L, _rig.Status()["code_wait_s"]);                                  // the whole wait, counted from this start
        Assert.Equal(SmpErrors.EBUSY, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2))));
        _rig.Clock.Advance(32_000);
        Assert.Equal(0, Rc(Prove(_rig, ApprovalAction.Trial, HashOf(_v2))));
    }

    [Fact]
    public void WithoutACodeOrWithAPolicyWithoutItTheCommandApprovesNothing()
    {
        using var plain = Running();
        plain.Upload(_v2);
        var status = plain.Status();
        Assert.Equal(false, status["code"]);
        Assert.Equal(Array.Empty<byte>(), status["challenge"]);
        var reply = plain.Send(Frame(plain, ApprovalAction.Trial, HashOf(_v2), new byte[16], new byte[32]));
        Assert.Equal(SmpErrors.EBADSTATE, Rc(reply));
        Assert.Contains("no owner code", Reason(reply));

        using var buttonOnly = Running(Settings(ApprovalPolicy.ButtonOnly));
        Assert.Equal(false, buttonOnly.Status()["code"]);
        Assert.Contains("policy", Reason(buttonOnly.Send(Frame(buttonOnly, ApprovalAction.Trial, HashOf(_v2), new byte[16], new byte[32]))));
    }

    [Theory]
    [InlineData("{\"action\": \"fly\"}", "action")]
    [InlineData("no hash for a test", "hash")]
    [InlineData("short challenge", "challenge")]
    [InlineData("short proof", "proof")]
    public void AMalformedProofIsRefusedAndCostsNothing(string what, string key)
    {
        var challenge = (byte[])_rig.Status()["challenge"]!;
        var action = what.Contains("fly") ? (ApprovalAction)9 : ApprovalAction.Trial;
        var frame = Frame(_rig, action, what.Contains("no hash") ? null : HashOf(_v2),
            what.Contains("challenge") ? challenge[..15] : challenge, new byte[what.Contains("proof") ? 31 : 32]);
        var reply = _rig.Send(frame);
        Assert.Equal(SmpErrors.EINVAL, Rc(reply));
        Assert.Contains(key, Reason(reply));
        Assert.Equal(0, _rig.Stored().CodeFailures);
        Assert.Equal(challenge, _rig.Status()["challenge"]);                             // still outstanding
    }

    [Fact]
    public void ACutAtTheRecordOfAnAttemptChecksNothing()
    {
        var records = new FailingSaves(_rig);
        records.FailNext = true;
        var reply = Prove(_rig, ApprovalAction.Trial, HashOf(_v2));
        Assert.Equal(SmpErrors.EUNKNOWN, Rc(reply));
        Assert.Contains("not checked", Reason(reply));
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(_rig.StateWrite(HashOf(_v2), false)));
    }


    /// <summary>Makes the rig's next boot-record save fail (both copies).</summary>
    private sealed class FailingSaves
    {
        public FailingSaves(SmpRig rig) => rig.Records.BeforeWrite = () =>
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("flash write failed");
            }
        };

        public bool FailNext { get; set; }
    }
}
