using FotaDevice.Platform;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Tests.Fakes;

/// <summary>
/// A device for engine tests: storage (two slots, two boot records) survives restarts and power
/// cuts; RAM (the engine, the clock, the approval state) does not. <see cref="Start"/> runs the boot
/// decision and builds the update engine exactly as the boot shim does.
/// </summary>
public sealed class DeviceHarness
{
    public DeviceHarness(int slotCapacity = 4096, ApprovalSettings? settings = null, int seed = 1)
    {
        Power = new PowerCutPlan(seed);
        Slots = new[] { new MemorySlot(slotCapacity, Power), new MemorySlot(slotCapacity, Power) };
        Records = new MemoryRecordStore(Power);
        Settings = settings ?? new ApprovalSettings();
    }

    public PowerCutPlan Power { get; }

    public MemorySlot[] Slots { get; }

    public MemoryRecordStore Records { get; }

    public ApprovalSettings Settings { get; }

    public FakeClock Clock { get; private set; } = new();

    public ListLog Log { get; private set; } = new();

    public BootPlan Plan { get; private set; } = new();

    public UpdateEngine Engine { get; private set; } = null!;

    /// <summary>The slot verifier of this start (it counts whole passes, sealed checks and streamed bytes).</summary>
    public ToyVerifier Verifier { get; private set; } = null!;

    /// <summary>The boot decision's full-check period (<see cref="BootDecision.FullCheckEvery"/>).</summary>
    public int FullCheckEvery { get; set; } = BootDecision.DefaultFullCheckEvery;

    public int Reboots { get; private set; }

    /// <summary>The owner's button: like the platform's, it outlives a start.</summary>
    public ApprovalButton Button { get; } = new();

    /// <summary>The owner presses the button.</summary>
    public void Press() => Button.Press();

    /// <summary>The factory installs <paramref name="image"/> into <paramref name="slot"/> as the confirmed image.</summary>
    public void Install(int slot, byte[] image) => Factory.Install(Slots, Records, slot, image);

    /// <summary>Starts the device: a power-on unless the device marked its own reboot.</summary>
    public UpdateEngine Start()
    {
        Clock = new FakeClock();
        Log = new ListLog();
        Verifier = new ToyVerifier(Slots);
        var start = new DeviceStart(Slots, Records, Verifier, Settings, Button, Clock, new CountingRebooter(this), Log, FullCheckEvery);
        Plan = start.Plan;
        Engine = start.Engine;
        return Engine;
    }

    /// <summary>Starts, then lets the power-on window run out.</summary>
    public UpdateEngine StartWithWindowClosed()
    {
        var engine = Start();
        Clock.Advance(Settings.WindowMilliseconds);
        engine.Tick(); // the start records that it lived past the window
        return engine;
    }

    /// <summary>Uploads a whole image in chunks; returns the last reply.</summary>
    public UploadReply Upload(byte[] image, int chunk = 128, object? client = null) => Uploads.Send(Engine, client ?? this, image, chunk);

    /// <summary>Reads the boot state as storage holds it.</summary>
    public BootState StoredState()
    {
        var state = new BootState();
        new BootStateStore(Records).Load(state);
        return state;
    }

    private sealed class CountingRebooter(DeviceHarness device) : IRebooter
    {
        public void Reboot() => device.Reboots++;
    }
}
