using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Platform.Logging;
using FotaDevice.Platform.Storage;
using FotaDevice.Shim;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Slots;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// The virtual device: the very same device code as the ESP32 (boot decision, update engine, boot
/// shim) over file-backed slots and boot records, a real app loaded from the active slot, and a
/// button pressed from the host side only. A restart runs the boot decision again, exactly as on
/// the device; RAM state (approval, uploads in flight) is gone, storage stays.
/// </summary>
public sealed class VirtualDevice : IRebooter
{
    private readonly VirtualDeviceOptions _options;
    private readonly RingLog _log;
    private readonly FileSlot[] _slots;
    private readonly FileRecordStore _records;
    private readonly KeyRing _keys = new();
    private readonly DotNetAppLoader _loader;
    private readonly object _sync = new();
    private BootShim? _shim;
    private readonly ApprovalButton _button = new();
    private readonly CancellationTokenSource _stopping = new();

    public VirtualDevice(VirtualDeviceOptions options, ILog log)
    {
        _options = options;
        _log = new RingLog(64, log); // as on the ESP32: the newest lines stay in RAM, served as SMP group 65
        Directory.CreateDirectory(options.StateDirectory);
        var block = new WriteBlock(FileSlot.DefaultBlockSize); // as on the ESP32: one write buffer for both slots
        _slots =
        [
            new FileSlot(Path.Combine(options.StateDirectory, "slot-a.bin"), options.SlotSize, block),
            new FileSlot(Path.Combine(options.StateDirectory, "slot-b.bin"), options.SlotSize, block),
        ];
        _records = new FileRecordStore(options.StateDirectory);
        foreach (var key in options.TrustedKeys)
        {
            _keys.Add(key);
        }

        _loader = new DotNetAppLoader(_slots);
    }

    /// <summary>The device's RAM log: give it to the SMP server (<c>SmpServerSettings.Log</c>) to serve it.</summary>
    public RingLog Log => _log;

    /// <summary>Raised after every start, with what it decided.</summary>
    public event Action<BootPlan>? Started;

    /// <summary>Raised when the device asks to be restarted (SMP reset); the host calls <see cref="Restart"/>.</summary>
    public event Action? RestartRequested;

    /// <summary>The update service of the current start.</summary>
    public UpdateEngine Engine { get; private set; } = null!;

    /// <summary>What the current start decided.</summary>
    public BootPlan Plan { get; private set; } = null!;

    /// <summary>The trial watchdog of the current start, or null when no trial runs.</summary>
    public TrialWatchdog? Watchdog { get; private set; }

    /// <summary>How many times the device has started in this process.</summary>
    public int Starts { get; private set; }

    /// <summary>The app thread of the current start, if one runs.</summary>
    public Thread? AppThread => _loader.AppThread;

    /// <summary>Starts (or restarts) the device: boot decision, update service, app.</summary>
    public UpdateEngine Start()
    {
        lock (_sync)
        {
            _loader.Stop();
            var platform = new ShimPlatform(_slots, _records, new SystemClock(), _log, this, _button);
            var identity = new DeviceIdentity(_options.ProductId, BundleRuntime.DotNet, new HostLibraryCatalog());
            var shim = new BootShim(platform, new ImageSlotVerifier(_slots, _keys, identity, SlowSignatures.Around(new SignatureVerifier(_keys), _options.SignatureCheckTime, _stopping.Token)), _options.Approval, _loader);
            shim.TrialDeadlineMilliseconds = _options.TrialDeadlineMilliseconds;
            Engine = shim.Start();
            Plan = shim.Plan;
            Watchdog = shim.Watchdog;
            _shim = shim;
            Starts++;
        }

        Started?.Invoke(Plan);
        return Engine;
    }

    /// <summary>The current start's timed work (the runner calls it once a second, as the ESP32 program does).</summary>
    public void Tick()
    {
        lock (_sync)
        {
            _shim?.Tick();
        }
    }

    /// <summary>Restarts now (after an SMP reset, or from the console).</summary>
    public UpdateEngine Restart()
    {
        _log.Info("--- restart ---");
        return Start();
    }

    /// <summary>The owner presses the device's button. Only the host process can do this, never the network.</summary>
    public void PressButton()
    {
        _log.Info("button pressed");
        _button.Press();
    }

    /// <summary>
    /// Ends the simulated delays (<see cref="VirtualDeviceOptions.SignatureCheckTime"/>) at once, from any
    /// thread, so that a shutdown does not wait for a check in progress; called first by <see cref="Shutdown"/>'s callers.
    /// </summary>
    public void BeginShutdown() => _stopping.Cancel();

    /// <summary>
    /// A clean shutdown of the process: what the slots still buffer is written out (a killed
    /// process loses it, as a power cut does, and an upload then resumes from what was written).
    /// </summary>
    public void Shutdown()
    {
        BeginShutdown();
        lock (_sync)
        {
            _loader.Stop();
            foreach (var slot in _slots)
            {
                slot.Close();
            }
        }
    }

    /// <summary>Called by the update engine once the restart is recorded; the host then calls <see cref="Restart"/>.</summary>
    void IRebooter.Reboot() => RestartRequested?.Invoke();
}
