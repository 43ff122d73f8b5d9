using System.Net.Sockets;
using FotaDevice.Host.Smp;
using Tmds.DBus.Protocol;

namespace FotaDevice.Host.Ble;

/// <summary>
/// SMP over BLE through BlueZ's D-Bus API. Finds the device (by name or address, discovery
/// filtered by the SMP service), pairs with the passkey when one is given, connects, and uses the
/// SMP characteristic: requests go out as writes without response of at most MTU − 3 bytes
/// (through <c>AcquireWrite</c>'s socket, else <c>WriteValue</c> with type "command"), paced by
/// <see cref="WritePacer"/> — or as writes with response (type "request") where the
/// characteristic takes only those, as a device that requires pairing does; replies come in as notifications (<c>AcquireNotify</c>'s socket, else
/// <c>StartNotify</c> and the Value's PropertiesChanged), put back together by
/// <see cref="NotificationAssembler"/>. The MTU is the one BlueZ gives with the sockets, else the
/// characteristic's MTU property. A dropped connection is reported (<see cref="Dropped"/>) and
/// made again at the next send.
/// </summary>
public sealed class BleSmpLink : ISmpLink
{
    private const string AgentPath = "/org/fotadevice/agent";
    private readonly BlueZBus _bus;
    private readonly BleTarget _target;
    private readonly BleOptions _options;
    private readonly uint? _passkey;
    private readonly PasskeyAgent _agent;
    private readonly WritePacer _pacer;
    private readonly NotificationAssembler _assembler = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _sync = new();
    private Connection? _connection;
    private string? _address;
    private bool _agentRegistered;
    private string? _fatal;

    private BleSmpLink(BlueZBus bus, BleTarget target, BleOptions options, uint? passkey)
    {
        _bus = bus;
        _target = target;
        _options = options;
        _passkey = passkey;
        _agent = new PasskeyAgent(AgentPath, passkey, options.AskPasskey);
        _pacer = new WritePacer(options.DeviceQueue, options.ReplyTimeout);
    }

    public string Name => _address == null || _target.Address != null ? $"ble:{_target}" : $"ble:{_target} ({_address})";

    public TimeSpan ReplyTimeout => _options.ReplyTimeout;

    /// <summary>The ATT MTU of the current (or last) connection.</summary>
    public int Mtu { get; private set; }

    /// <summary>MTU − 3: what one write carries.</summary>
    public int WriteSize => Mtu > 0 ? Mtu - 3 : 0;

    /// <summary>True when BlueZ gave sockets for writes and notifications (AcquireWrite/AcquireNotify).</summary>
    public bool AcquiredSockets { get; private set; }

    /// <summary>How many times the link connected (1 + reconnections).</summary>
    public int Connects { get; private set; }

    public event Action<byte[]>? Received;

    public event Action? Dropped;

    /// <summary>Connects to the device (blocking): see <see cref="OpenAsync"/>.</summary>
    public static BleSmpLink Open(BleTarget target, BleOptions options) => OpenAsync(target, options).GetAwaiter().GetResult();

    /// <summary>Finds the device, pairs if a passkey is given, connects and sets up the SMP characteristic.</summary>
    public static async Task<BleSmpLink> OpenAsync(BleTarget target, BleOptions options, CancellationToken cancel = default)
    {
        var passkey = BleOptions.ParsePasskey(options.Passkey);
        var bus = await BlueZBus.ConnectAsync(options.ResolveBusAddress());
        var link = new BleSmpLink(bus, target, options, passkey);
        try
        {
            await link.ConnectAsync(options.ScanTimeout, cancel);
            return link;
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    public async Task SendAsync(byte[] frame, CancellationToken cancel)
    {
        await _sendLock.WaitAsync(cancel);
        try
        {
            var connection = _connection is { Alive: true } current ? current : await ReconnectAsync(cancel);
            var size = connection.Mtu - 3;
            var writes = (frame.Length + size - 1) / size;
            await _pacer.WaitForRoomAsync(writes, cancel);
            _pacer.Sent(frame[6], writes);
            for (var offset = 0; offset < frame.Length; offset += size)
            {
                await WriteAsync(connection, frame.AsMemory(offset, Math.Min(size, frame.Length - offset)), cancel);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Dispose()
    {
        Connection? connection;
        lock (_sync)
        {
            connection = _connection;
            _connection = null;
        }

        try
        {
            if (connection != null)
            {
                connection.Alive = false;
                connection.Close();
                Quietly(_bus.CallAsync(connection.DevicePath, BlueZNames.Device, "Disconnect"));
            }

            if (_agentRegistered)
            {
                Quietly(_bus.CallAsync(BlueZNames.AgentManagerPath, BlueZNames.AgentManager, "UnregisterAgent", "o", (ref MessageWriter w) => w.WriteObjectPath(AgentPath)));
            }
        }
        finally
        {
            _bus.Dispose();
        }
    }

    private static void Quietly(Task call)
    {
        try
        {
            call.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The device or BlueZ is gone already: nothing to undo.
        }
    }

    private static bool IsNotConnected(DBusErrorReplyException e) =>
        e.ErrorName is BlueZNames.ErrorPrefix + "NotConnected" or BlueZNames.ErrorPrefix + "Failed" or "org.freedesktop.DBus.Error.UnknownObject" or "org.freedesktop.DBus.Error.UnknownMethod";

    private string RequiresPairing => $"{Name} requires pairing: run again with --passkey NNNNNN (the passkey printed on the device)";

    private async Task<Connection> ReconnectAsync(CancellationToken cancel)
    {
        if (_fatal != null)
        {
            throw new SmpTimeoutException(_fatal);
        }

        var deadline = DateTime.UtcNow + _options.ReconnectTimeout;
        while (true)
        {
            try
            {
                await ConnectAsync(deadline - DateTime.UtcNow, cancel);
                return _connection!;
            }
            catch (BleException e) when (e.Transient && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancel);
            }
            catch (BleException e)
            {
                // Final: the requests still waiting to be sent fail at once instead of each trying again.
                _fatal = e.Transient
                    ? $"lost the connection to {Name} and could not get it back in {_options.ReconnectTimeout.TotalSeconds:F0} s: {e.Message}"
                    : e.Message;
                throw new SmpTimeoutException(_fatal);
            }
        }
    }

    private async Task ConnectAsync(TimeSpan scanTimeout, CancellationToken cancel)
    {
        var adapter = await BleScanner.FindAdapterAsync(_bus, _options.Adapter);
        await RegisterAgentAsync();
        var device = await BleScanner.FindAsync(_bus, adapter, _target, scanTimeout > TimeSpan.Zero ? scanTimeout : TimeSpan.FromMilliseconds(1), cancel)
            ?? throw new BleException($"no SMP device {(_target.Address != null ? "with address " : "named ")}{_target} in range (scanned {Math.Max(0, scanTimeout.TotalSeconds):F0} s; is it on? 'fota scan' lists the devices in range)", transient: true);
        _address = device.Address;
        if (!device.Paired && _passkey != null)
        {
            await PairAsync(device.Path);
        }

        var connection = new Connection(device.Path);
        connection.Watches.Add(await _bus.WatchPropertiesAsync(device.Path, change => OnChange(connection, change)));
        connection.Watches.Add(await _bus.WatchRemovedAsync(removed =>
        {
            if (removed.Path == connection.DevicePath && removed.Interfaces.Contains(BlueZNames.Device))
            {
                Drop(connection);
            }
        }));
        try
        {
            await ConnectDeviceAsync(connection, cancel);
        }
        catch
        {
            connection.Close();
            throw;
        }

        _assembler.Reset();
        _pacer.Clear();
        lock (_sync)
        {
            _connection = connection;
            connection.Alive = true;
        }

        Mtu = connection.Mtu;
        AcquiredSockets = connection.WriteSocket != null;
        Connects++;
    }

    private async Task ConnectDeviceAsync(Connection connection, CancellationToken cancel)
    {
        try
        {
            await _bus.CallAsync(connection.DevicePath, BlueZNames.Device, "Connect");
        }
        catch (DBusErrorReplyException e) when (e.ErrorName != BlueZNames.ErrorPrefix + "AlreadyConnected")
        {
            throw new BleException($"cannot connect to {Name}: {e.ErrorMessage} ({e.ErrorName})", e, transient: true);
        }

        var characteristic = await WaitForSmpCharacteristicAsync(connection.DevicePath, cancel);
        connection.CharacteristicPath = characteristic.Path;
        try
        {
            // Notifications first, so that no reply can come before we listen.
            if (characteristic.Properties.Has("NotifyAcquired"))
            {
                (connection.NotifySocket, connection.Mtu) = await AcquireAsync(characteristic.Path, "AcquireNotify");
                connection.Reader = Task.Run(() => ReadNotificationsAsync(connection));
            }
            else
            {
                // The device's PropertiesChanged watch (its path namespace holds the characteristic) brings the Value.
                await _bus.CallAsync(characteristic.Path, BlueZNames.GattCharacteristic, "StartNotify");
            }

            // A device that requires pairing may take only writes with response (so that the link is asked to pair).
            connection.WithResponse = !characteristic.Properties.Strings("Flags").Contains("write-without-response");
            if (!connection.WithResponse && characteristic.Properties.Has("WriteAcquired"))
            {
                (connection.WriteSocket, var mtu) = await AcquireAsync(characteristic.Path, "AcquireWrite");
                connection.Mtu = Math.Min(mtu, connection.Mtu > 0 ? connection.Mtu : mtu);
            }
        }
        catch (DBusErrorReplyException e) when (e.ErrorName is BlueZNames.ErrorPrefix + "NotPermitted" or BlueZNames.ErrorPrefix + "NotAuthorized")
        {
            throw new BleException(_passkey == null ? $"{RequiresPairing} ({e.ErrorMessage})" : $"{Name} refused the SMP characteristic after pairing: {e.ErrorMessage} ({e.ErrorName})", e);
        }
        catch (DBusErrorReplyException e) when (IsNotConnected(e))
        {
            throw new BleException($"{Name} went away while connecting: {e.ErrorMessage}", e, transient: true);
        }

        if (connection.Mtu == 0)
        {
            connection.Mtu = characteristic.Properties.UInt16("MTU") ?? 23; // BlueZ before 5.62 has no MTU property: the BLE minimum
        }

        if (connection.Mtu < 23)
        {
            throw new BleException($"BlueZ reports an MTU of {connection.Mtu} for {Name}, below the BLE minimum of 23");
        }
    }

    private async Task<(string Path, BlueZProperties Properties)> WaitForSmpCharacteristicAsync(string devicePath, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var objects = await _bus.GetManagedObjectsAsync();
            var device = objects.Objects.GetValueOrDefault(devicePath)?.GetValueOrDefault(BlueZNames.Device)
                ?? throw new BleException($"{Name} disappeared while connecting", transient: true);
            if (device.Bool("ServicesResolved") == true)
            {
                return objects.SmpCharacteristic(devicePath)
                    ?? throw new BleException($"{Name} has no SMP service ({BlueZNames.SmpService}): is it an mcumgr device?");
            }

            if (device.Bool("Connected") == false || DateTime.UtcNow > deadline)
            {
                throw new BleException($"{Name} did not show its services (connected: {device.Bool("Connected")})", transient: true);
            }

            await Task.Delay(50, cancel);
        }
    }

    private async Task<(Socket Socket, int Mtu)> AcquireAsync(string characteristic, string member)
    {
        var (handle, mtu) = await _bus.CallAsync(characteristic, BlueZNames.GattCharacteristic, member, "a{sv}", (ref MessageWriter w) => BlueZBus.WriteOptions(ref w), static (m, _) =>
        {
            var reader = m.GetBodyReader();
            return (reader.ReadHandle<SafeSocketHandle>(), reader.ReadUInt16());
        });
        return (new Socket(handle), mtu);
    }

    private async Task RegisterAgentAsync()
    {
        if (_agentRegistered)
        {
            return;
        }

        _bus.Connection.AddMethodHandler(_agent);
        try
        {
            await _bus.CallAsync(BlueZNames.AgentManagerPath, BlueZNames.AgentManager, "RegisterAgent", "os", (ref MessageWriter w) =>
            {
                w.WriteObjectPath(AgentPath);
                w.WriteString("KeyboardOnly");
            });
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == BlueZNames.ErrorPrefix + "AlreadyExists")
        {
        }

        _agentRegistered = true;
    }

    private async Task PairAsync(string devicePath)
    {
        try
        {
            await _bus.CallAsync(devicePath, BlueZNames.Device, "Pair");
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == BlueZNames.ErrorPrefix + "AlreadyExists")
        {
            // Paired already.
        }
        catch (DBusErrorReplyException e)
        {
            var why = e.ErrorName[(e.ErrorName.LastIndexOf('.') + 1)..] switch
            {
                "AuthenticationFailed" => "the device refused the passkey (is it the one printed on the device?)",
                "AuthenticationRejected" or "AuthenticationCanceled" => "the pairing was rejected",
                "AuthenticationTimeout" => "the device did not answer in time",
                "ConnectionAttemptFailed" => "could not connect to the device",
                _ => e.ErrorMessage,
            };
            throw new BleException($"pairing with {Name} failed: {why} ({e.ErrorName})", e);
        }
    }

    private async Task WriteAsync(Connection connection, ReadOnlyMemory<byte> piece, CancellationToken cancel)
    {
        try
        {
            if (!connection.Alive)
            {
                throw new SmpLinkLostException($"the connection to {Name} dropped");
            }

            if (connection.WriteSocket is { } socket)
            {
                await socket.SendAsync(piece, SocketFlags.None, cancel);
            }
            else
            {
                await _bus.CallAsync(connection.CharacteristicPath, BlueZNames.GattCharacteristic, "WriteValue", "aya{sv}", (ref MessageWriter w) =>
                {
                    w.WriteArray(piece.Span);
                    BlueZBus.WriteOptions(ref w, ("type", VariantValue.String(connection.WithResponse ? "request" : "command")));
                });
            }
        }
        catch (DBusErrorReplyException e) when (e.ErrorName is BlueZNames.ErrorPrefix + "NotPermitted" or BlueZNames.ErrorPrefix + "NotAuthorized")
        {
            // The device refused a write with response: it wants a paired link, and pairing did not happen.
            _fatal = _passkey == null ? $"{RequiresPairing} ({e.ErrorMessage})" : $"{Name} refused the write: {e.ErrorMessage} ({e.ErrorName})";
            throw new SmpTimeoutException(_fatal);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException || (e is DBusErrorReplyException d && IsNotConnected(d)))
        {
            Drop(connection);
            throw new SmpLinkLostException($"the connection to {Name} dropped while writing: {e.Message}");
        }
    }

    private async Task ReadNotificationsAsync(Connection connection)
    {
        var buffer = new byte[517]; // the largest ATT MTU
        try
        {
            while (!connection.Dropped)
            {
                var count = await connection.NotifySocket!.ReceiveAsync(buffer, SocketFlags.None);
                if (count <= 0)
                {
                    break; // BlueZ hung up: the device disconnected
                }

                Notified(buffer.AsSpan(0, count));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        Drop(connection);
    }

    private void OnChange(Connection connection, PropertiesChange change)
    {
        if (change.Path == connection.DevicePath && change.Interface == BlueZNames.Device && change.Changed.TryGetValue("Connected", out var connected) && !connected.GetBool())
        {
            Drop(connection);
        }
        else if (change.Path == connection.CharacteristicPath && change.Interface == BlueZNames.GattCharacteristic && change.Changed.TryGetValue("Value", out var value) && !connection.Dropped)
        {
            Notified(value.GetArray<byte>());
        }
    }

    private void Notified(ReadOnlySpan<byte> notification)
    {
        IReadOnlyList<byte[]> replies;
        lock (_assembler)
        {
            replies = _assembler.Add(notification);
        }

        foreach (var reply in replies)
        {
            _pacer.Answered(reply[6]);
            Received?.Invoke(reply);
        }
    }

    private void Drop(Connection connection)
    {
        lock (_sync)
        {
            if (connection.Dropped)
            {
                return;
            }

            connection.Dropped = true;
            connection.Alive = false;
            if (_connection == connection)
            {
                _connection = null;
            }

            if (_agent.RefusedFor != null && _passkey == null)
            {
                _fatal = RequiresPairing;
            }
        }

        _ = Task.Run(connection.Close); // not from inside a signal handler of the watch being closed
        _pacer.Clear();
        lock (_assembler)
        {
            _assembler.Reset();
        }

        Dropped?.Invoke();
    }

    /// <summary>One connection to the device: what BlueZ gave for it, closed when it drops.</summary>
    private sealed class Connection(string devicePath)
    {
        public string DevicePath { get; } = devicePath;

        public string CharacteristicPath { get; set; } = string.Empty;

        public int Mtu { get; set; }

        public Socket? WriteSocket { get; set; }

        public Socket? NotifySocket { get; set; }

        /// <summary>True when the characteristic takes only writes with response.</summary>
        public bool WithResponse { get; set; }

        public Task? Reader { get; set; }

        public List<IDisposable> Watches { get; } = [];

        public volatile bool Alive;

        public volatile bool Dropped;

        public void Close()
        {
            WriteSocket?.Dispose();
            NotifySocket?.Dispose();
            foreach (var watch in Watches)
            {
                watch.Dispose();
            }
        }
    }
}
