using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using Xunit;
using Xunit.Abstractions;

namespace FotaDevice.Tests.Update;

/// <summary>
/// Cuts the power at every single storage operation (erase, append, record write) of whole update
/// cycles and checks, after each cut, that the device starts a verified image that it had been
/// allowed to run, never lowers its security counter, and can still be updated.
/// </summary>
public class PowerCutTests(ITestOutputHelper output)
{
    private static readonly byte[] V1 = ToyImages.Make(1, counter: 1, size: 700);
    private static readonly byte[] V2 = ToyImages.Make(2, counter: 2, size: 900);
    private static readonly byte[] V3 = ToyImages.Make(3, counter: 3, size: 800);
    private static readonly byte[] V9 = ToyImages.Make(9, counter: 9, size: 600);

    [Fact]
    public void EveryCutInAWholeCycleLeavesABootableUpdatableDevice()
    {
        var total = CountOperations();
        Assert.True(total > 30, $"the cycle should exercise many storage operations, saw {total}");
        for (var cut = 1; cut <= total; cut++)
        {
            for (var seed = 0; seed < 3; seed++)
            {
                CheckCut(cut, seed);
            }
        }

        output.WriteLine($"power cut at each of {total} storage operations, 3 torn-write variants each: {total * 3} cuts, all recovered");
    }

    private static int CountOperations()
    {
        var device = NewDevice(0);
        var allowed = new HashSet<int> { 1 };
        Assert.True(RunCycle(device, allowed));
        return device.Power.Operations;
    }

    private static void CheckCut(int cut, int seed)
    {
        var device = NewDevice(seed);
        var allowed = new HashSet<int> { 1 }; // majors the owner let run so far
        device.Power.CutAt = device.Power.Operations + cut;
        var finished = RunCycle(device, allowed);
        Assert.False(finished && device.Power.IsOff, $"cut {cut}: power went off but the cycle went on");
        device.Power.Restore();
        var counterBefore = device.StoredState().SecurityCounter;

        // Power back on (maybe several times: the cut may have hit the boot itself).
        var engine = device.Start();
        var plan = device.Plan;
        var context = $"cut {cut} seed {seed}: " + string.Join(" | ", device.Log.Lines);
        Assert.True(plan.Image != null && plan.Image.Bootable, "no verified image runs after " + context);
        var running = device.Slots[plan.RunSlot].Contents[1];
        Assert.True(allowed.Contains(running), $"runs v{running}, which was never approved, after {context}");
        Assert.True(device.StoredState().SecurityCounter >= counterBefore, "security counter went down after " + context);

        // Still updatable: a newer image goes through the whole cycle.
        device.Clock.Advance(device.Settings.WindowMilliseconds);
        if (engine.RunningOnTrial)
        {
            Assert.Equal(UpdateStatus.Ok, engine.ConfirmRunning());
        }

        var reply = device.Upload(V9);
        Assert.True(reply.Status == UpdateStatus.Ok && reply.Complete && reply.Match, $"upload failed ({reply.Message}) after {context}");
        device.Press();
        Assert.Equal(UpdateStatus.Ok, engine.Switch(ToyImages.HashOf(V9), 0, false));
        Assert.Equal(UpdateStatus.Ok, engine.Reboot());
        engine = device.Start();
        Assert.Equal(9, device.Slots[engine.RunningSlot].Contents[1]);
        Assert.Equal(UpdateStatus.Ok, engine.ConfirmRunning());
        Assert.Equal(9u, device.StoredState().SecurityCounter);
    }

    private static DeviceHarness NewDevice(int seed)
    {
        var device = new DeviceHarness(slotCapacity: 2048, seed: seed);
        device.Install(0, V1);
        device.Start();
        device.Engine.Reboot();
        return device;
    }

    /// <summary>
    /// v1 confirmed → upload v2, approve, reboot, trial, confirm → upload v3, approve, reboot, trial,
    /// no confirmation, reboot → revert to v2. Returns false as soon as the power is off.
    /// </summary>
    private static bool RunCycle(DeviceHarness device, HashSet<int> allowed)
    {
        return Step(device, () => device.StartWithWindowClosed())
            && Step(device, () => device.Upload(V2, chunk: 100))
            && Step(device, () => device.Press())
            && Approve(device, allowed, V2, 2)
            && Step(device, () => device.Engine.Reboot())
            && Step(device, () => device.Start())
            && Step(device, () => device.Engine.ConfirmRunning())
            && Step(device, () => device.Engine.Reboot())
            && Step(device, () => device.StartWithWindowClosed())
            && Step(device, () => device.Upload(V3, chunk: 100))
            && Step(device, () => device.Press())
            && Approve(device, allowed, V3, 3)
            && Step(device, () => device.Engine.Reboot())
            && Step(device, () => device.Start())
            && Step(device, () => device.Engine.Reboot()) // v3 never confirms itself
            && Step(device, () => device.Start());
    }

    private static bool Approve(DeviceHarness device, HashSet<int> allowed, byte[] image, int major)
    {
        allowed.Add(major); // approved from here on, whether or not the switch is recorded before a cut
        return Step(device, () => device.Engine.Switch(ToyImages.HashOf(image), 0, false));
    }

    private static bool Step(DeviceHarness device, Action action)
    {
        try
        {
            action();
        }
        catch (PowerCutException)
        {
        }

        return !device.Power.IsOff;
    }
}
