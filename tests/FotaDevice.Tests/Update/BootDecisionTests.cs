using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Tests.Update;

public class BootDecisionTests
{
    private const int A = 0;
    private const int B = 1;

    private readonly MemoryRecordStore _records = new();
    private readonly ScriptedVerifier _slots = new();
    private readonly ListLog _log = new();

    [Fact]
    public void ANewDeviceWithNoImageRunsOnlyTheUpdateServiceWithTheWindowOpen()
    {
        var plan = Boot();
        Assert.Equal(BootState.NoSlot, plan.RunSlot);
        Assert.True(plan.PowerOn);
        Assert.True(plan.WindowOpens);
        Assert.True(_log.Has("only the update service runs"));
    }

    [Fact]
    public void AVerifiedImageNobodyApprovedNeverStartsAFirstInstallIsASwitchToo()
    {
        _slots.Valid(A, 1, counter: 3);   // a stranger uploaded it into a blank device
        var plan = Boot();
        Assert.Equal(BootState.NoSlot, plan.RunSlot);
        Assert.Equal(BootState.NoSlot, Saved().ConfirmedSlot);
        Assert.True(_log.Has("never approved"));
        Setup(s => s.SoftReboot = true);   // and then had it restarted
        Assert.Equal(BootState.NoSlot, Boot().RunSlot);
    }

    [Fact]
    public void TheConfirmedImagesOwnCounterHealsACounterBelowIt()
    {
        Setup(s => { s.ConfirmedSlot = A; s.SecurityCounter = 1; });
        _slots.Valid(A, 2, counter: 3);
        Boot();
        Assert.Equal(3u, Saved().SecurityCounter);
    }

    [Fact]
    public void FallBackTakesTheNewestImageThatWasConfirmedBefore()
    {
        Setup(s => { s.SetKnownGood(A, true); s.SetKnownGood(B, true); });
        _slots.Valid(A, 1);
        _slots.Valid(B, 2);
        Assert.Equal(B, Boot().RunSlot);
        Assert.Equal(B, Saved().ConfirmedSlot);
    }

    [Fact]
    public void AnUnrecordedRestartInsideTheWindowOpensNoWindowUntilAStartLivesPastIt()
    {
        Setup(s => s.ConfirmedSlot = A);
        _slots.Valid(A, 1);
        Assert.True(Boot().WindowOpens);          // power-on: the window opens
        for (var crash = 0; crash < 5; crash++)
        {
            Assert.False(Boot().WindowOpens);     // a crash loop (each start taken for a power-on) never reopens it
            Assert.True(_log.Has("no window this time"));
        }

        Setup(s => s.WindowArmed = false);        // a start lived past the window (UpdateEngine records it)
        Assert.True(Boot().WindowOpens);          // the next power-on opens it again
    }

    [Fact]
    public void ARestartOfTheDevicesOwnKeepsWhatWasLeftOfAnOpenWindowAndNoMore()
    {
        Setup(s => { s.ConfirmedSlot = A; s.SoftReboot = true; s.WindowLeftSeconds = 25; });
        _slots.Valid(A, 1);
        var plan = Boot();
        Assert.True(plan.WindowOpens);
        Assert.Equal(25, plan.WindowCarriedSeconds);
        Assert.Equal(0, Saved().WindowLeftSeconds);
        Setup(s => s.SoftReboot = true);
        Assert.False(Boot().WindowOpens);         // a restart with nothing left opens nothing
    }

    [Fact]
    public void TheConfirmedImageRunsAndItsCheckIsRepeatedEveryStart()
    {
        Setup(s => s.ConfirmedSlot = A);
        _slots.Valid(A, 1);
        Assert.Equal(A, Boot().RunSlot);
        Assert.Equal(A, Boot().RunSlot);
        Assert.Equal(2, _slots.Checks[A]);
    }

    [Fact]
    public void APendingNewerImageRunsOnTrialAndTheTrialIsRecordedBeforeItStarts()
    {
        Setup(s => { s.ConfirmedSlot = A; s.PendingSlot = B; });
        _slots.Valid(A, 1);
        _slots.Valid(B, 2);
        var plan = Boot();
        Assert.Equal(B, plan.RunSlot);
        Assert.True(plan.Trial);
        var state = Saved();
        Assert.Equal(B, state.TrialSlot);
        Assert.Equal(A, state.ConfirmedSlot);
        Assert.Equal(BootState.NoSlot, state.PendingSlot);
    }

    [Fact]
    public void ATrialThatDidNotConfirmItselfIsRevertedAndRejected()
    {
        Setup(s => { s.ConfirmedSlot = A; s.TrialSlot = B; });
        _slots.Valid(A, 1);
        _slots.Valid(B, 2);
        var plan = Boot();
        Assert.Equal(A, plan.RunSlot);
        Assert.False(plan.Trial);
        var state = Saved();
        Assert.Equal(BootState.NoSlot, state.TrialSlot);
        Assert.True(state.IsRejected(B));
        Assert.True(_log.Has("did not confirm itself"));
    }

    [Fact]
    public void ARejectedImageIsNotSwitchedToAgain()
    {
        Setup(s => { s.ConfirmedSlot = A; s.PendingSlot = B; s.SetRejected(B, true); });
        _slots.Valid(A, 1);
        _slots.Valid(B, 2);
        Assert.Equal(A, Boot().RunSlot);
        Assert.True(_log.Has("already failed its trial"));
    }

    [Fact]
    public void APermanentSwitchConfirmsAndRaisesTheSecurityCounter()
    {
        Setup(s => { s.ConfirmedSlot = A; s.PendingSlot = B; s.PendingPermanent = true; s.SecurityCounter = 1; });
        _slots.Valid(A, 1, counter: 1);
        _slots.Valid(B, 2, counter: 5);
        var plan = Boot();
        Assert.Equal(B, plan.RunSlot);
        Assert.False(plan.Trial);
        var state = Saved();
        Assert.Equal(B, state.ConfirmedSlot);
        Assert.Equal(5u, state.SecurityCounter);
    }

    [Fact]
    public void ATrialDoesNotRaiseTheSecurityCounter()
    {
        Setup(s => { s.ConfirmedSlot = A; s.PendingSlot = B; s.SecurityCounter = 1; });
        _slots.Valid(A, 1, counter: 1);
        _slots.Valid(B, 2, counter: 5);
        Boot();
        Assert.Equal(1u, Saved().SecurityCounter);
    }

    [Theory]
    [InlineData(1, 0, 0, "not newer")]  // same version: replay
    [InlineData(0, 9, 0, "not newer")]  // older version: rollback
    [InlineData(2, 0, 0, "security counter")] // newer version but counter below the device's
    public void APendingImageThatWouldRollBackIsRefused(int major, int minor, uint counter, string why)
    {
        Setup(s => { s.ConfirmedSlot = A; s.PendingSlot = B; s.SecurityCounter = 4; });
        _slots.Valid(A, 1, counter: 4);
        _slots.Valid(B, major, minor, counter: why == "security counter" ? 3u : 4u + counter);
        var plan = Boot();
        Assert.Equal(A, plan.RunSlot);
        Assert.True(_log.Has(why));
        Assert.Equal(BootState.NoSlot, Saved().PendingSlot);
    }

    [Fact]
    public void APendingImageThatFailsItsCheckIsRefused()
    {
        Setup(s => { s.ConfirmedSlot = A; s.PendingSlot = B; });
        _slots.Valid(A, 1);
        _slots.Invalid(B, "signature does not verify");
        Assert.Equal(A, Boot().RunSlot);
        Assert.True(_log.Has("signature does not verify"));
    }

    [Fact]
    public void ACorruptConfirmedImageFallsBackToTheOtherVerifiedSlot()
    {
        Setup(s => { s.ConfirmedSlot = A; s.SecurityCounter = 2; s.SetKnownGood(B, true); });
        _slots.Invalid(A, "hash mismatch");
        _slots.Valid(B, 1, counter: 2);
        var plan = Boot();
        Assert.Equal(B, plan.RunSlot);
        Assert.Equal(B, Saved().ConfirmedSlot);
        Assert.True(_log.Has("falling back to slot B"));
    }

    [Fact]
    public void FallbackNeverTakesARejectedImageOrOneBelowTheCounter()
    {
        Setup(s => { s.ConfirmedSlot = A; s.SetRejected(B, true); s.SetKnownGood(B, true); });
        _slots.Invalid(A, "hash mismatch");
        _slots.Valid(B, 2);
        Assert.Equal(BootState.NoSlot, Boot().RunSlot);

        Setup(s => { s.ConfirmedSlot = A; s.SecurityCounter = 9; s.SetRejected(B, false); });
        _slots.Valid(B, 2, counter: 8);
        Assert.Equal(BootState.NoSlot, Boot().RunSlot);

        Setup(s => s.SecurityCounter = 8);
        Assert.Equal(B, Boot().RunSlot); // the same image is taken once the counter allows it
    }

    [Fact]
    public void FallBackNeverTakesAnImageThatWasNeverConfirmed()
    {
        Setup(s => s.ConfirmedSlot = A);
        _slots.Invalid(A, "hash mismatch");
        _slots.Valid(B, 2);
        Assert.Equal(BootState.NoSlot, Boot().RunSlot);
    }

    [Fact]
    public void ASoftRebootDoesNotCountAsPowerOnAndTheMarkIsUsedOnce()
    {
        Setup(s => { s.ConfirmedSlot = A; s.SoftReboot = true; });
        _slots.Valid(A, 1);
        var plan = Boot();
        Assert.False(plan.PowerOn);
        Assert.False(plan.WindowOpens);
        Assert.False(Saved().SoftReboot);
        Assert.True(Boot().PowerOn);
    }

    [Fact]
    public void IfTheTrialCannotBeRecordedTheConfirmedImageRunsInstead()
    {
        var state = new BootState { ConfirmedSlot = A, PendingSlot = B };
        new BootStateStore(_records).Save(state);
        _slots.Valid(A, 1);
        _slots.Valid(B, 2);
        var broken = new BootStateStore(new ReadOnlyRecords(_records));
        var plan = new BootDecision(broken, _slots, _log).Decide(new BootState());
        Assert.Equal(A, plan.RunSlot);
        Assert.False(plan.Trial);
        Assert.True(_log.Has("could not be saved"));
    }

    [Fact]
    public void EveryStartIsCounted()
    {
        _slots.Valid(A, 1);
        Boot();
        Boot();
        Assert.Equal(2u, Saved().BootCount);
    }

    private BootPlan Boot() => new BootDecision(new BootStateStore(_records), _slots, _log).Decide(new BootState());

    private BootState Saved()
    {
        var state = new BootState();
        Assert.True(new BootStateStore(_records).Load(state));
        return state;
    }

    private void Setup(Action<BootState> change)
    {
        var store = new BootStateStore(_records);
        var state = new BootState();
        store.Load(state);
        change(state);
        store.Save(state);
    }

    /// <summary>Reads like the real records, but every write is lost.</summary>
    private sealed class ReadOnlyRecords(MemoryRecordStore inner) : FotaDevice.Platform.IRecordStore
    {
        public int Read(int copy, byte[] buffer, int offset, int count) => inner.Read(copy, buffer, offset, count);

        public void Write(int copy, byte[] data, int offset, int count)
        {
        }
    }
}
