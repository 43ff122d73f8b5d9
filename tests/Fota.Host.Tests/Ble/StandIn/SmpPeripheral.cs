using System.Collections.Concurrent;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update;
using VirtualDeviceModel = FotaDevice.Host.VirtualDevice.VirtualDevice;

namespace FotaDevice.Host.Tests.Ble.StandIn;

/// <summary>
/// The radio side of a virtual device serving SMP over GATT the way a small BLE stack does: one
/// session object for every connection, each write copied into a queue of <see cref="QueueLength"/>
/// writes (a write that finds it full is lost, as a write without response is: a stricter device
/// than FotaDevice's own ESP32 transport, whose queue holds buf_count whole requests), a worker that
/// feeds the device's real <see cref="SmpServer"/>, replies cut to MTU − 3 by the server and sent
/// as notifications. An SMP reset restarts the device through its
/// boot decision, which drops the connection as a reboot does.
/// </summary>
public sealed class SmpPeripheral : ISmpTransport, IDisposable
{
    private readonly VirtualDeviceModel _device;
    private readonly SmpServerSettings _settings;
    private readonly object _session = new(); // like BluetoothLEServer.Instance.Session: the same for every connection
    private readonly BlockingCollection<byte[]> _queue;
    private readonly object _deviceLock = new();
    private readonly Thread _worker;
    private SmpServer _server;
    private volatile bool _restartPending;
    private int _replies;

    public SmpPeripheral(string name, string address, VirtualDeviceModel device, SmpServerSettings settings, int queueLength = 16)
    {
        Name = name;
        Address = address;
        _device = device;
        _settings = settings;
        QueueLength = queueLength;
        _queue = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>());
        _device.RestartRequested += () => _restartPending = true;
        _server = new SmpServer(_device.Start(), settings, this);
        _worker = new Thread(Work) { IsBackground = true, Name = "peripheral " + name };
        _worker.Start();
    }

    public string Name { get; }

    public string Address { get; }

    /// <summary>The ATT MTU this device and BlueZ agree on.</summary>
    public int Mtu { get; init; } = 247;

    /// <summary>The signal strength BlueZ reports.</summary>
    public short Rssi { get; init; } = -55;

    /// <summary>A fixed passkey clients must pair with before their writes count (null: open).</summary>
    public uint? Passkey { get; init; }

    /// <summary>The service UUIDs it advertises.</summary>
    public string[] Uuids { get; init; } = [FotaDevice.Host.Ble.BlueZNames.SmpService];

    /// <summary>Time the device spends on each whole request besides the real work (flash, hashing on an ESP32).</summary>
    public TimeSpan ProcessingDelay { get; init; }

    /// <summary>Writes the device buffers; one more is lost.</summary>
    public int QueueLength { get; }

    /// <summary>False once it is out of range (or switched off).</summary>
    public bool InRange { get; set; } = true;

    /// <summary>Writes lost because the queue was full.</summary>
    public int LostWrites { get; private set; }

    /// <summary>Writes that reached the device.</summary>
    public int Writes { get; private set; }

    /// <summary>Notifications the device sent.</summary>
    public int Notifications => _replies;

    /// <summary>How many times the device started.</summary>
    public int Starts => _device.Starts;

    /// <summary>The virtual device behind the radio.</summary>
    public VirtualDeviceModel Device => _device;

    /// <summary>Set by BlueZ while a client is connected: sends one notification.</summary>
    internal Action<byte[]>? Notify { get; set; }

    /// <summary>Set by BlueZ: the device drops the connection (it restarts).</summary>
    internal Action? DropConnection { get; set; }

    /// <summary>The owner presses the device's button.</summary>
    public void PressButton()
    {
        lock (_deviceLock)
        {
            _device.PressButton();
        }
    }

    /// <summary>One write from the client (as BlueZ delivers it).</summary>
    internal void Write(byte[] data)
    {
        if (_queue.Count >= QueueLength)
        {
            LostWrites++; // what the ESP32 does with a write it has no room for: a write without response cannot be refused
            return;
        }

        Writes++;
        _queue.Add(data);
    }

    /// <summary>The client went away: its half-received request is dropped.</summary>
    internal void Disconnected()
    {
        while (_queue.TryTake(out _))
        {
        }

        lock (_deviceLock)
        {
            _server.Disconnected(_session);
        }
    }

    void ISmpTransport.Send(object client, byte[] buffer, int offset, int count)
    {
        _replies++;
        Notify?.Invoke(buffer.AsSpan(offset, count).ToArray());
    }

    int ISmpTransport.MaxFragment(object client) => Mtu - 3;

    public void Dispose()
    {
        _queue.CompleteAdding();
        _worker.Join(TimeSpan.FromSeconds(2));
    }

    private void Work()
    {
        foreach (var write in _queue.GetConsumingEnumerable())
        {
            bool restart;
            var repliesBefore = _replies;
            lock (_deviceLock)
            {
                _server.Receive(_session, write, 0, write.Length);
                restart = _restartPending;
            }

            if (_replies != repliesBefore && ProcessingDelay > TimeSpan.Zero)
            {
                Thread.Sleep(ProcessingDelay); // busy after a request: the writes that come meanwhile wait in the queue
            }

            if (restart)
            {
                _restartPending = false;
                DropConnection?.Invoke(); // the reboot ends the link...
                lock (_deviceLock)
                {
                    _server = new SmpServer(_device.Restart(), _settings, this); // ...and the device starts again
                }
            }
        }
    }
}
