using System.Net;
using System.Runtime.InteropServices;
using FotaDevice.Platform;
using FotaDevice.Update;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// Runs a <see cref="VirtualDevice"/> as a process would: SMP over UDP, restarts when the device asks
/// (an SMP reset restarts it after the reply is sent, through the boot decision), and the owner's
/// button from the console ("b") or the SIGUSR1 signal — never from the network.
/// </summary>
public sealed class VirtualDeviceRunner : IDisposable
{
    private readonly VirtualDevice _device;
    private readonly Func<UpdateEngine, DatagramHandler> _smpFor;
    private readonly ILog _log;
    private readonly object _sync = new();
    private UdpDatagramServer? _server;
    private DatagramHandler? _smp;
    private bool _restartPending;
    private readonly ManualResetEventSlim _stopTicks = new();
    private PosixSignalRegistration? _buttonSignal;
    private Thread? _ticks;

    /// <param name="device">The device to run.</param>
    /// <param name="smpFor">Builds the SMP request handler for the update service of one start.</param>
    /// <param name="log">The device's log.</param>
    public VirtualDeviceRunner(VirtualDevice device, Func<UpdateEngine, DatagramHandler> smpFor, ILog log)
    {
        _device = device;
        _smpFor = smpFor;
        _log = log;
        _device.RestartRequested += () => _restartPending = true;
    }

    /// <summary>Where the device listens.</summary>
    public IPEndPoint Endpoint => _server?.LocalEndPoint ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the device and listens on <paramref name="bind"/> (port 0 picks a free port).</summary>
    public void Start(IPEndPoint bind)
    {
        lock (_sync)
        {
            _smp = _smpFor(_device.Start());
        }

        // As the ESP32 program does: the start's timed work (engine, trial watchdog) once a second, on a
        // thread of its own (a tick waits while a request is handled; a pool thread must not).
        _ticks = new Thread(TickLoop) { IsBackground = true, Name = "device ticks" };
        _ticks.Start();
        _server = new UdpDatagramServer(bind, Dispatch);
        _server.HandlerFailed += e => _log.Warn("SMP handling failed: " + e.Message);
        _log.Info($"listening for SMP on udp:{Endpoint.Address}:{Endpoint.Port}");
        if (!OperatingSystem.IsWindows())
        {
            // SIGUSR1 presses the button, so scripts can approve without a console.
            _buttonSignal = PosixSignalRegistration.Create((PosixSignal)10, context =>
            {
                context.Cancel = true;
                PressButton();
            });
        }
    }

    /// <summary>The owner presses the device's button.</summary>
    public void PressButton()
    {
        lock (_sync)
        {
            _device.PressButton();
            RestartIfAsked(); // a press may approve a restart that waited for it
        }
    }

    /// <summary>Restarts the device, as its own decision (the console's "r"): recorded first, so no power-on window.</summary>
    public void Restart()
    {
        lock (_sync)
        {
            var status = _device.Engine.Reboot();
            if (status != UpdateStatus.Ok)
            {
                _log.Warn("could not record the restart: not restarting");
                return;
            }

            RestartIfAsked();
        }
    }

    /// <summary>
    /// Reads console commands until "q" or the end of input: b = button, r = restart, s = status,
    /// h = help.
    /// </summary>
    public void RunConsole(TextReader input, TextWriter output, CancellationToken stop)
    {
        output.WriteLine("console: b = press the button, r = restart, s = status, q = quit");
        while (!stop.IsCancellationRequested)
        {
            var line = input.ReadLine();
            if (line == null)
            {
                stop.WaitHandle.WaitOne(); // no console (a script or a service): run until stopped
                return;
            }

            switch (line.Trim().ToLowerInvariant())
            {
                case "b":
                    PressButton();
                    break;
                case "r":
                    Restart();
                    break;
                case "s":
                    output.WriteLine(Status());
                    break;
                case "q":
                    return;
                case "":
                    break;
                default:
                    output.WriteLine("console: b = press the button, r = restart, s = status, q = quit");
                    break;
            }
        }
    }

    /// <summary>A one-line summary of the device's state.</summary>
    public string Status()
    {
        lock (_sync)
        {
            var engine = _device.Engine;
            var approval = engine.Approval;
            var running = engine.RunningSlot < 0 ? "nothing" : $"slot {(engine.RunningSlot == 0 ? 'A' : 'B')} version {engine.SlotImage(engine.RunningSlot).VersionText}";
            return $"status: running {running}{(engine.RunningOnTrial ? " (on trial)" : string.Empty)}; "
                + $"window {approval.WindowRemainingMilliseconds / 1000} s; press {approval.PressRemainingMilliseconds / 1000} s; "
                + (approval.WaitingAction != FotaDevice.Update.Approval.ApprovalAction.None ? $"a request ({approval.WaitingAction}) waits for a press ({approval.WaitingRemainingMilliseconds / 1000} s left)" : "no switch waiting");
        }
    }

    public void Dispose()
    {
        _device.BeginShutdown(); // a slowed check in progress ends now: the lock below does not wait for it
        _stopTicks.Set();
        _ticks?.Join(TimeSpan.FromSeconds(2));
        _buttonSignal?.Dispose();
        _server?.Dispose();
        lock (_sync)
        {
            _device.Shutdown();
        }
    }

    private void Dispatch(IPEndPoint from, byte[] data, int count, Action<byte[], int, int> reply)
    {
        lock (_sync)
        {
            _smp!(from, data, count, reply);
            RestartIfAsked();
        }
    }

    private void TickLoop()
    {
        while (!_stopTicks.Wait(1000))
        {
            Tick();
        }
    }

    private void Tick()
    {
        lock (_sync)
        {
            _device.Tick();
            RestartIfAsked();
        }
    }

    private void RestartIfAsked()
    {
        if (_restartPending)
        {
            _restartPending = false;
            _smp = _smpFor(_device.Restart());
        }
    }
}
