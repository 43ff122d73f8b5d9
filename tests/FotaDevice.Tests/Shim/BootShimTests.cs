using FotaDevice.Apps;
using FotaDevice.Platform;
using FotaDevice.Shim;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using Xunit;

namespace FotaDevice.Tests.Shim;

[Collection("AppRuntime")] // AppRuntime is one static per process, like on the device
public class BootShimTests
{
    private readonly PowerCutPlan _power = new();
    private readonly MemorySlot[] _slots;
    private readonly MemoryRecordStore _records;
    private readonly FakeClock _clock = new();
    private readonly ListLog _log = new();
    private readonly RecordingLoader _loader = new();
    private readonly CountingRebooter _reboots = new();

    public BootShimTests()
    {
        _slots = new[] { new MemorySlot(4096, _power), new MemorySlot(4096, _power) };
        _records = new MemoryRecordStore(_power);
    }

    [Fact]
    public void StartsTheConfirmedAppBesideTheUpdateService()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        var shim = NewShim();
        var engine = shim.Start();
        Assert.True(shim.AppStarted);
        Assert.Equal(0, _loader.StartedSlot);
        Assert.Equal(0, engine.RunningSlot);
        Assert.True(_log.Has("started version 1.0.0 from slot A"));
    }

    [Fact]
    public void ThePlatformCanSetUpItsTransportBetweenTheServiceAndTheApp()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        var shim = NewShim();
        Assert.Throws<InvalidOperationException>(shim.StartApp); // the service comes first
        var engine = shim.StartService();
        Assert.False(shim.AppStarted);
        Assert.Null(_loader.StartedSlot); // the ESP32 program sets up SMP and BLE here, then loads the app
        Assert.Equal(0, engine.RunningSlot);
        shim.StartApp();
        Assert.True(shim.AppStarted);
        Assert.Equal(0, _loader.StartedSlot);
        _loader.Throw = new InvalidOperationException("loaded twice");
        shim.StartApp(); // once only
        Assert.True(shim.AppStarted);
    }

    [Fact]
    public void WithNoAppOnlyTheUpdateServiceRunsAndCanTakeAnImage()
    {
        var shim = NewShim();
        var engine = shim.Start();
        Assert.False(shim.AppStarted);
        Assert.Null(_loader.StartedSlot);
        Assert.True(_log.Has("waiting for an update"));
        var image = ToyImages.Make(1);
        var reply = engine.Upload(this, 0, image, 0, image.Length, image.Length, ToyImages.FileHashOf(image), 0);
        Assert.True(reply.Complete);
        Assert.True(reply.Match);
    }

    [Fact]
    public void AnAppThatCannotBeLoadedLeavesTheUpdateServiceRunning()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        _loader.Throw = new InvalidOperationException("entry point not found");
        var shim = NewShim();
        var engine = shim.Start();
        Assert.False(shim.AppStarted);
        Assert.True(_log.Has("could not start version 1.0.0 from slot A: entry point not found"));
        var next = ToyImages.Make(2);
        Assert.Equal(UpdateStatus.Ok, engine.Upload(this, 0, next, 0, 10, next.Length, null!, 0).Status);
    }

    [Fact]
    public void ATrialAppConfirmsItselfThroughTheAppRuntime()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        var first = NewShim();
        first.Start();
        var v2 = ToyImages.Make(2);
        first.Engine.Upload(this, 0, v2, 0, v2.Length, v2.Length, null!, 0);
        Assert.Equal(UpdateStatus.Ok, first.Engine.Switch(ToyImages.HashOf(v2), 0, false)); // inside the power-on window
        first.Engine.Reboot();

        var second = NewShim();
        second.Start();
        Assert.True(AppRuntime.IsTrial);
        Assert.Equal(1, AppRuntime.Slot);
        Assert.True(AppRuntime.ConfirmSelf());
        Assert.False(AppRuntime.IsTrial);
        Assert.True(second.Engine.IsConfirmed(1));
    }

    [Fact]
    public void AnAppThatThrowsOnTrialIsReportedAsGoingToBeReverted()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        var first = NewShim();
        first.Start();
        var v2 = ToyImages.Make(2);
        first.Engine.Upload(this, 0, v2, 0, v2.Length, v2.Length, null!, 0);
        first.Engine.Switch(ToyImages.HashOf(v2), 0, false);
        first.Engine.Reboot();

        NewShim().Start();
        _loader.Failed!("NullReferenceException in Start");
        Assert.True(_log.Has("the app stopped with an error: NullReferenceException in Start (on trial: it will be reverted at the next restart)"));

        NewShim().Start(); // the next start: back to v1
        Assert.Equal(0, _loader.StartedSlot);
    }

    [Fact]
    public void AHungTrialIsRestartedAtItsDeadlineAndReverted()
    {
        var second = StartTrialOfV2(deadline: 60_000);
        Assert.NotNull(second.Watchdog);
        _clock.Advance(59_000);
        Assert.False(second.Watchdog!.Poll());
        Assert.Equal(0, _reboots.Count);
        _clock.Advance(1_000);
        Assert.True(second.Watchdog.Poll());
        Assert.Equal(1, _reboots.Count);
        Assert.False(second.Watchdog.Poll()); // once

        var third = NewShim();
        third.Start();
        Assert.Equal(0, _loader.StartedSlot); // back to v1
        Assert.False(third.Plan.PowerOn); // the watchdog's restart opens no approval window
        Assert.True(third.Engine.IsRejected(1));
    }

    [Fact]
    public void AConfirmedTrialIsLeftAlone()
    {
        var second = StartTrialOfV2(deadline: 60_000);
        Assert.True(AppRuntime.ConfirmSelf());
        _clock.Advance(120_000);
        Assert.False(second.Watchdog!.Poll());
        Assert.Equal(0, _reboots.Count);
    }

    [Fact]
    public void AnAppRestartIsRecordedAsTheDevicesOwn()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        NewShim().Start();
        Assert.True(AppRuntime.Restart());
        Assert.Equal(1, _reboots.Count);
        var next = NewShim();
        next.Start();
        Assert.False(next.Plan.PowerOn);
        Assert.Null(next.Watchdog); // no trial: nothing to watch
    }

    private BootShim StartTrialOfV2(int deadline)
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        var first = NewShim();
        first.Start();
        var v2 = ToyImages.Make(2);
        first.Engine.Upload(this, 0, v2, 0, v2.Length, v2.Length, null!, 0);
        Assert.Equal(UpdateStatus.Ok, first.Engine.Switch(ToyImages.HashOf(v2), 0, false));
        first.Engine.Reboot();
        _reboots.Count = 0;

        var second = NewShim();
        second.TrialDeadlineMilliseconds = deadline;
        second.Start();
        Assert.True(AppRuntime.IsTrial);
        return second;
    }

    [Fact]
    public void APowerOnSaysHowLongSwitchesAreApproved()
    {
        Factory.Install(_slots, _records, 0, ToyImages.Make(1));
        NewShim().Start();
        Assert.True(_log.Has("power-on: switches are approved for the next 90 s"));
    }

    private BootShim NewShim()
    {
        var platform = new ShimPlatform(_slots, _records, _clock, _log, _reboots, new FotaDevice.Update.Approval.ApprovalButton());
        return new BootShim(platform, new ToyVerifier(_slots), new ApprovalSettings(), _loader);
    }

    private sealed class RecordingLoader : IAppLoader
    {
        public int? StartedSlot { get; private set; }

        public Exception? Throw { get; set; }

        public AppFailedHandler? Failed { get; private set; }

        public void Start(int slot, SlotVerdict image, AppFailedHandler failed)
        {
            if (Throw != null)
            {
                throw Throw;
            }

            StartedSlot = slot;
            Failed = failed;
        }
    }

    private sealed class CountingRebooter : IRebooter
    {
        public int Count { get; set; }

        public void Reboot() => Count++;
    }
}
