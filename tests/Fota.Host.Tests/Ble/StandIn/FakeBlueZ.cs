using System.Net.Sockets;
using FotaDevice.Host.Ble;
using Tmds.DBus.Protocol;

namespace FotaDevice.Host.Tests.Ble.StandIn;

/// <summary>
/// A stand-in for bluetoothd on a private bus, written from BlueZ's D-Bus API documentation
/// (doc/org.bluez.Adapter.rst, Device.rst, GattService.rst, GattCharacteristic.rst,
/// AgentManager.rst, Agent.rst): it owns org.bluez and serves the same object paths
/// (/org/bluez, /org/bluez/hci0, .../dev_XX_XX_XX_XX_XX_XX, .../serviceXXXX/charXXXX), interfaces,
/// methods, properties and signals (ObjectManager's GetManagedObjects and InterfacesAdded/Removed,
/// Properties' Get/GetAll/Set and PropertiesChanged). Its "radio" is a set of
/// <see cref="SmpPeripheral"/>s: discovery finds those in range, Connect exports their GATT
/// services, writes go to the device and its notifications come back. Pairing asks the client's
/// registered agent for the passkey, as bluetoothd does.
/// </summary>
public sealed class FakeBlueZ : IPathMethodHandler, IDisposable
{
    public const string AdapterPath = "/org/bluez/hci0";
    private const string ErrorPrefix = BlueZNames.ErrorPrefix;
    private static readonly string[] DiscoveryFilters = ["UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData", "Discoverable", "Pattern", "AutoConnect"];
    private readonly DBusConnection _bus;
    private readonly object _sync = new();
    private readonly SortedDictionary<string, Dictionary<string, Dictionary<string, VariantValue>>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Link> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _discovering = new(StringComparer.Ordinal);
    private readonly List<SmpPeripheral> _radio = [];
    private readonly List<string> _calls = [];

    private FakeBlueZ(DBusConnection bus)
    {
        _bus = bus;
        _objects[BlueZNames.AgentManagerPath] = new() { [BlueZNames.AgentManager] = [] };
        _objects[AdapterPath] = new()
        {
            [BlueZNames.Adapter] = new()
            {
                ["Address"] = VariantValue.String("00:1A:7D:DA:71:13"),
                ["AddressType"] = VariantValue.String("public"),
                ["Name"] = VariantValue.String("laptop"),
                ["Alias"] = VariantValue.String("laptop"),
                ["Class"] = VariantValue.UInt32(0),
                ["Powered"] = VariantValue.Bool(true),
                ["Discoverable"] = VariantValue.Bool(false),
                ["Pairable"] = VariantValue.Bool(true),
                ["Discovering"] = VariantValue.Bool(false),
                ["UUIDs"] = VariantValue.Array(Array.Empty<string>()),
                ["Roles"] = VariantValue.Array(new[] { "central", "peripheral" }),
            },
        };
    }

    public string Path => "/";

    public bool HandlesChildPaths => true;

    /// <summary>Every method called on the stand-in, as "Interface.Member" (for tests to check what a client used).</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_sync)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>When false, characteristics offer no AcquireWrite/AcquireNotify (BlueZ before 5.46, or a characteristic that does not allow them).</summary>
    public bool OffersAcquire { get; set; } = true;

    /// <summary>Takes org.bluez on the bus at <paramref name="address"/>.</summary>
    public static async Task<FakeBlueZ> StartAsync(string address)
    {
        var bus = new DBusConnection(address);
        await bus.ConnectAsync();
        var bluez = new FakeBlueZ(bus);
        bus.AddMethodHandler(bluez);
        await bus.RequestNameAsync(BlueZNames.Service, RequestNameOptions.Default);
        return bluez;
    }

    /// <summary>Puts a device on the air (it advertises from now on).</summary>
    public void Add(SmpPeripheral peripheral)
    {
        lock (_sync)
        {
            _radio.Add(peripheral);
            if (_discovering.Count > 0)
            {
                Advertise(peripheral);
            }
        }
    }

    /// <summary>The device goes out of range: its link drops, and BlueZ forgets it.</summary>
    public void Disappear(SmpPeripheral peripheral)
    {
        peripheral.InRange = false;
        var path = DevicePath(peripheral);
        DropLink(path);
        lock (_sync)
        {
            if (_objects.Remove(path))
            {
                InterfacesRemoved(path, [BlueZNames.Device, BlueZNames.Properties]);
            }
        }
    }

    /// <summary>Disconnects a device as a radio problem would (supervision timeout).</summary>
    public void Drop(SmpPeripheral peripheral) => DropLink(DevicePath(peripheral));

    public void Dispose()
    {
        foreach (var path in _links.Keys.ToList())
        {
            DropLink(path);
        }

        _bus.Dispose();
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        var path = request.PathAsString ?? "/";
        var iface = request.InterfaceAsString ?? string.Empty;
        var member = request.MemberAsString ?? string.Empty;
        lock (_sync)
        {
            _calls.Add($"{iface}.{member}");
        }

        try
        {
            switch (iface)
            {
                case BlueZNames.ObjectManager when path == "/" && member == "GetManagedObjects":
                    ReplyObjects(context);
                    break;
                case BlueZNames.Properties:
                    HandleProperties(context, path, member);
                    break;
                case BlueZNames.AgentManager when path == BlueZNames.AgentManagerPath:
                    HandleAgentManager(context, member);
                    break;
                case BlueZNames.Adapter when path == AdapterPath:
                    HandleAdapter(context, member);
                    break;
                case BlueZNames.Device when Has(path, BlueZNames.Device):
                    return HandleDevice(context, path, member);
                case BlueZNames.GattCharacteristic when Has(path, BlueZNames.GattCharacteristic):
                    return HandleCharacteristic(context, path, member);
                default:
                    context.ReplyError("org.freedesktop.DBus.Error.UnknownMethod", $"no method {iface}.{member} on {path}");
                    break;
            }
        }
        catch (BlueZError e)
        {
            context.ReplyError(e.Name, e.Message);
        }

        return default;
    }

    private static string DevicePath(SmpPeripheral p) => $"{AdapterPath}/dev_{p.Address.Replace(':', '_')}";

    private static void ReplyEmpty(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null);
        context.Reply(writer.CreateMessage());
    }

    private bool Has(string path, string iface)
    {
        lock (_sync)
        {
            return _objects.TryGetValue(path, out var o) && o.ContainsKey(iface);
        }
    }

    private void ReplyObjects(MethodContext context)
    {
        var writer = context.CreateReplyWriter("a{oa{sa{sv}}}");
        try
        {
            lock (_sync)
            {
                var objects = writer.WriteDictionaryStart();
                foreach (var (path, interfaces) in _objects)
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteObjectPath(path);
                    WriteInterfaces(ref writer, interfaces);
                }

                writer.WriteDictionaryEnd(objects);
            }

            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteInterfaces(ref MessageWriter writer, Dictionary<string, Dictionary<string, VariantValue>> interfaces)
    {
        var start = writer.WriteDictionaryStart();
        foreach (var (name, properties) in interfaces)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            writer.WriteDictionary(properties);
        }

        writer.WriteDictionaryEnd(start);
    }

    private void HandleProperties(MethodContext context, string path, string member)
    {
        var reader = context.Request.GetBodyReader();
        var iface = reader.ReadString();
        Dictionary<string, VariantValue> properties;
        lock (_sync)
        {
            properties = _objects.GetValueOrDefault(path)?.GetValueOrDefault(iface)
                ?? throw new BlueZError("org.freedesktop.DBus.Error.InvalidArgs", $"no interface {iface} on {path}");
        }

        switch (member)
        {
            case "GetAll":
            {
                using var writer = context.CreateReplyWriter("a{sv}");
                lock (_sync)
                {
                    writer.WriteDictionary(properties);
                }

                context.Reply(writer.CreateMessage());
                break;
            }

            case "Get":
            {
                var name = reader.ReadString();
                VariantValue value;
                lock (_sync)
                {
                    value = properties.TryGetValue(name, out var v) ? v : throw new BlueZError("org.freedesktop.DBus.Error.InvalidArgs", $"no property {name}");
                }

                using var writer = context.CreateReplyWriter("v");
                writer.WriteVariant(value);
                context.Reply(writer.CreateMessage());
                break;
            }

            case "Set":
            {
                var name = reader.ReadString();
                var value = reader.ReadVariantValue();
                if (name is not ("Trusted" or "Alias" or "Blocked" or "WakeAllowed" or "Powered" or "Discoverable" or "Pairable"))
                {
                    throw new BlueZError("org.freedesktop.DBus.Error.PropertyReadOnly", $"{name} is read-only");
                }

                Change(path, iface, (name, value));
                ReplyEmpty(context);
                break;
            }

            default:
                throw new BlueZError("org.freedesktop.DBus.Error.UnknownMethod", member);
        }
    }

    private void HandleAgentManager(MethodContext context, string member)
    {
        var sender = context.Request.SenderAsString!;
        var reader = context.Request.GetBodyReader();
        lock (_sync)
        {
            switch (member)
            {
                case "RegisterAgent":
                    var agent = reader.ReadObjectPathAsString();
                    var capability = reader.ReadString();
                    if (capability is not ("" or "DisplayOnly" or "DisplayYesNo" or "KeyboardOnly" or "NoInputNoOutput" or "KeyboardDisplay"))
                    {
                        throw new BlueZError(ErrorPrefix + "InvalidArguments", "Invalid Arguments in method call");
                    }

                    if (_agents.ContainsKey(sender))
                    {
                        throw new BlueZError(ErrorPrefix + "AlreadyExists", "Already Exists");
                    }

                    _agents[sender] = agent;
                    break;
                case "UnregisterAgent":
                    var path = reader.ReadObjectPathAsString();
                    if (!_agents.TryGetValue(sender, out var registered) || registered != path)
                    {
                        throw new BlueZError(ErrorPrefix + "DoesNotExist", "Does Not Exist");
                    }

                    _agents.Remove(sender);
                    break;
                case "RequestDefaultAgent":
                    break;
                default:
                    throw new BlueZError("org.freedesktop.DBus.Error.UnknownMethod", member);
            }
        }

        ReplyEmpty(context);
    }

    private void HandleAdapter(MethodContext context, string member)
    {
        var sender = context.Request.SenderAsString!;
        switch (member)
        {
            case "SetDiscoveryFilter":
                var filter = context.Request.GetBodyReader().ReadDictionaryOfStringToVariantValue();
                if (filter.Keys.Except(DiscoveryFilters).FirstOrDefault() is { } unknown)
                {
                    throw new BlueZError(ErrorPrefix + "InvalidArguments", $"unknown filter {unknown}");
                }

                break;
            case "StartDiscovery":
                lock (_sync)
                {
                    if (!_discovering.Add(sender))
                    {
                        throw new BlueZError(ErrorPrefix + "InProgress", "Operation already in progress");
                    }

                    if (_discovering.Count == 1)
                    {
                        Change(AdapterPath, BlueZNames.Adapter, ("Discovering", VariantValue.Bool(true)));
                    }

                    foreach (var p in _radio.Where(p => p.InRange))
                    {
                        Advertise(p);
                    }
                }

                break;
            case "StopDiscovery":
                lock (_sync)
                {
                    if (!_discovering.Remove(sender))
                    {
                        throw new BlueZError(ErrorPrefix + "Failed", "No discovery started");
                    }

                    if (_discovering.Count == 0)
                    {
                        Change(AdapterPath, BlueZNames.Adapter, ("Discovering", VariantValue.Bool(false)));
                        foreach (var p in _radio)
                        {
                            Invalidate(DevicePath(p), BlueZNames.Device, "RSSI"); // no longer heard
                        }
                    }
                }

                break;
            case "RemoveDevice":
                var device = context.Request.GetBodyReader().ReadObjectPathAsString();
                DropLink(device);
                lock (_sync)
                {
                    if (!_objects.Remove(device))
                    {
                        throw new BlueZError(ErrorPrefix + "DoesNotExist", "Does Not Exist");
                    }

                    InterfacesRemoved(device, [BlueZNames.Device]);
                }

                break;
            case "GetDiscoveryFilters":
            {
                using var writer = context.CreateReplyWriter("as");
                writer.WriteArray(DiscoveryFilters);
                context.Reply(writer.CreateMessage());
                return;
            }

            default:
                throw new BlueZError("org.freedesktop.DBus.Error.UnknownMethod", member);
        }

        ReplyEmpty(context);
    }

    /// <summary>A device heard while discovering: its object appears (InterfacesAdded), or its RSSI changes.</summary>
    private void Advertise(SmpPeripheral p)
    {
        var path = DevicePath(p);
        if (_objects.ContainsKey(path))
        {
            Change(path, BlueZNames.Device, ("RSSI", VariantValue.Int16(p.Rssi)));
            return;
        }

        var device = new Dictionary<string, VariantValue>
        {
            ["Address"] = VariantValue.String(p.Address),
            ["AddressType"] = VariantValue.String("public"),
            ["Name"] = VariantValue.String(p.Name),
            ["Alias"] = VariantValue.String(p.Name),
            ["Paired"] = VariantValue.Bool(false),
            ["Bonded"] = VariantValue.Bool(false),
            ["Trusted"] = VariantValue.Bool(false),
            ["Blocked"] = VariantValue.Bool(false),
            ["LegacyPairing"] = VariantValue.Bool(false),
            ["Connected"] = VariantValue.Bool(false),
            ["ServicesResolved"] = VariantValue.Bool(false),
            ["UUIDs"] = VariantValue.Array(p.Uuids),
            ["Adapter"] = VariantValue.ObjectPath(new ObjectPath(AdapterPath)),
            ["RSSI"] = VariantValue.Int16(p.Rssi),
        };
        _objects[path] = new() { [BlueZNames.Device] = device };
        InterfacesAdded(path, _objects[path]);
    }

    private ValueTask HandleDevice(MethodContext context, string path, string member)
    {
        var sender = context.Request.SenderAsString!;
        SmpPeripheral peripheral;
        lock (_sync)
        {
            peripheral = _radio.First(p => DevicePath(p) == path);
        }

        switch (member)
        {
            case "Connect":
                if (!peripheral.InRange)
                {
                    // BlueZ tries, and gives up when nothing answers.
                    return Later(context, async () =>
                    {
                        await Task.Delay(200);
                        throw new BlueZError(ErrorPrefix + "Failed", "le-connection-abort-by-local");
                    });
                }

                Connect(path, peripheral, sender);
                break;
            case "Disconnect":
                if (!_links.ContainsKey(path))
                {
                    throw new BlueZError(ErrorPrefix + "NotConnected", "Not Connected");
                }

                DropLink(path);
                break;
            case "Pair":
                return Later(context, async () =>
                {
                    if (Property(path, BlueZNames.Device, "Paired").GetBool())
                    {
                        throw new BlueZError(ErrorPrefix + "AlreadyExists", "Already Exists");
                    }

                    if (!peripheral.InRange)
                    {
                        throw new BlueZError(ErrorPrefix + "ConnectionAttemptFailed", "Page Timeout");
                    }

                    if (!await AuthenticateAsync(path, peripheral, sender))
                    {
                        throw new BlueZError(ErrorPrefix + "AuthenticationFailed", "Authentication Failed");
                    }
                });
            case "CancelPairing":
                break;
            default:
                throw new BlueZError("org.freedesktop.DBus.Error.UnknownMethod", member);
        }

        ReplyEmpty(context);
        return default;
    }

    /// <summary>Asks the agent of <paramref name="client"/> for the passkey, as bluetoothd does during passkey entry; marks the device paired if it matches.</summary>
    private async Task<bool> AuthenticateAsync(string path, SmpPeripheral peripheral, string client)
    {
        if (peripheral.Passkey is { } expected)
        {
            string? agent;
            lock (_sync)
            {
                agent = _agents.GetValueOrDefault(client);
            }

            if (agent == null)
            {
                return false; // no agent to ask: the authenticated pairing the device wants cannot happen
            }

            uint typed;
            try
            {
                typed = await _bus.CallMethodAsync(AgentCall(client, agent, "RequestPasskey", path), static (m, _) => m.GetBodyReader().ReadUInt32()).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is DBusErrorReplyException or TimeoutException)
            {
                return false;
            }

            if (typed != expected)
            {
                return false;
            }
        }

        Change(path, BlueZNames.Device, ("Paired", VariantValue.Bool(true)), ("Bonded", VariantValue.Bool(true)));
        return true;
    }

    private MessageBuffer AgentCall(string client, string agent, string member, string device)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: client, path: agent, @interface: BlueZNames.Agent, member: member, signature: "o");
        writer.WriteObjectPath(device);
        return writer.CreateMessage();
    }

    private void Connect(string path, SmpPeripheral peripheral, string client)
    {
        lock (_sync)
        {
            if (_links.ContainsKey(path))
            {
                throw new BlueZError(ErrorPrefix + "AlreadyConnected", "Already Connected");
            }

            var link = new Link(path, peripheral, client);
            _links[path] = link;
            new Thread(() => Air(link)) { IsBackground = true, Name = "air " + peripheral.Name }.Start();
            peripheral.Notify = data => Notify(link, data);
            peripheral.DropConnection = () => DropLink(path);
            Change(path, BlueZNames.Device, ("Connected", VariantValue.Bool(true)));

            // The GATT database: the Generic Attribute service, then the SMP service and its characteristic.
            AddObject($"{path}/service0001", BlueZNames.GattService, Service("00001801-0000-1000-8000-00805f9b34fb", path, 1));
            AddObject($"{path}/service0001/char0002", BlueZNames.GattCharacteristic, Characteristic("00002a05-0000-1000-8000-00805f9b34fb", $"{path}/service0001", 2, ["indicate"], peripheral.Mtu, acquire: false));
            AddObject(link.ServicePath, BlueZNames.GattService, Service(BlueZNames.SmpService, path, 10));
            // As the ESP32 transport does: with a passkey only writes with response, so that the client is asked to pair.
            string[] flags = peripheral.Passkey != null ? ["write", "notify"] : ["write-without-response", "write", "notify"];
            AddObject(link.CharacteristicPath, BlueZNames.GattCharacteristic, Characteristic(BlueZNames.SmpCharacteristic, link.ServicePath, 11, flags, peripheral.Mtu, OffersAcquire));
            Change(path, BlueZNames.Device, ("ServicesResolved", VariantValue.Bool(true)));
        }
    }

    private static Dictionary<string, VariantValue> Service(string uuid, string device, ushort handle) => new()
    {
        ["UUID"] = VariantValue.String(uuid),
        ["Primary"] = VariantValue.Bool(true),
        ["Device"] = VariantValue.ObjectPath(new ObjectPath(device)),
        ["Includes"] = VariantValue.Array(Array.Empty<ObjectPath>()),
        ["Handle"] = VariantValue.UInt16(handle),
    };

    private static Dictionary<string, VariantValue> Characteristic(string uuid, string service, ushort handle, string[] flags, int mtu, bool acquire)
    {
        var properties = new Dictionary<string, VariantValue>
        {
            ["UUID"] = VariantValue.String(uuid),
            ["Service"] = VariantValue.ObjectPath(new ObjectPath(service)),
            ["Value"] = VariantValue.Array(Array.Empty<byte>()),
            ["Notifying"] = VariantValue.Bool(false),
            ["Flags"] = VariantValue.Array(flags),
            ["Handle"] = VariantValue.UInt16(handle),
            ["MTU"] = VariantValue.UInt16((ushort)mtu),
        };
        // Present only where the flags allow them (write-without-response, notify).
        if (acquire && flags.Contains("write-without-response"))
        {
            properties["WriteAcquired"] = VariantValue.Bool(false);
        }

        if (acquire && flags.Contains("notify"))
        {
            properties["NotifyAcquired"] = VariantValue.Bool(false);
        }

        return properties;
    }

    private ValueTask HandleCharacteristic(MethodContext context, string path, string member)
    {
        Link link;
        lock (_sync)
        {
            link = _links.Values.FirstOrDefault(l => l.CharacteristicPath == path)
                ?? throw new BlueZError(ErrorPrefix + "NotConnected", "Not Connected");
        }

        var reader = context.Request.GetBodyReader();
        switch (member)
        {
            case "WriteValue":
                var value = reader.ReadArrayOfByte();
                var options = reader.ReadDictionaryOfStringToVariantValue();
                if (link.WriteSocket != null)
                {
                    throw new BlueZError(ErrorPrefix + "NotPermitted", "Write acquired");
                }

                if (value.Length > link.Peripheral.Mtu - 3)
                {
                    throw new BlueZError(ErrorPrefix + "InvalidValueLength", "Invalid Attribute Value Length");
                }

                var flags = Property(path, BlueZNames.GattCharacteristic, "Flags").GetArray<string>();
                var command = options.TryGetValue("type", out var type) && type.GetString() == "command";
                if (!flags.Contains(command ? "write-without-response" : "write"))
                {
                    throw new BlueZError(ErrorPrefix + "NotSupported", "Operation is not supported");
                }

                if (!command && link.Peripheral.Passkey != null && !Property(link.DevicePath, BlueZNames.Device, "Paired").GetBool())
                {
                    // The device answers "insufficient authentication"; BlueZ raises the link's security,
                    // which pairs through the agent of the client that connected, and writes again.
                    return Later(context, async () =>
                    {
                        if (!await AuthenticateAsync(link.DevicePath, link.Peripheral, link.Client))
                        {
                            throw new BlueZError(ErrorPrefix + "NotPermitted", "Insufficient Authentication (0x05)");
                        }

                        Deliver(link, value);
                    });
                }

                Deliver(link, value);
                ReplyEmpty(context);
                break;
            case "AcquireWrite" or "AcquireNotify":
                reader.ReadDictionaryOfStringToVariantValue();
                if (!Property(path, BlueZNames.GattCharacteristic, "Flags").GetArray<string>().Contains(member == "AcquireWrite" ? "write-without-response" : "notify")
                    || !Has(path, BlueZNames.GattCharacteristic) || !OffersAcquire)
                {
                    throw new BlueZError(ErrorPrefix + "NotSupported", "Operation is not supported");
                }

                if ((member == "AcquireWrite" ? link.WriteSocket : link.NotifySocket) != null || (member == "AcquireNotify" && link.Subscribers.Count > 0))
                {
                    throw new BlueZError(ErrorPrefix + "NotPermitted", "Operation is not permitted");
                }

                var (ours, theirs) = SocketPair.Create();
                if (member == "AcquireWrite")
                {
                    link.WriteSocket = ours;
                    Change(path, BlueZNames.GattCharacteristic, ("WriteAcquired", VariantValue.Bool(true)));
                }
                else
                {
                    link.NotifySocket = ours;
                    Change(path, BlueZNames.GattCharacteristic, ("NotifyAcquired", VariantValue.Bool(true)), ("Notifying", VariantValue.Bool(true)));
                }

                new Thread(() => ReadSocket(link, ours, member == "AcquireWrite")) { IsBackground = true }.Start();
                using (var writer = context.CreateReplyWriter("hq"))
                {
                    writer.WriteHandle(theirs); // the message owns it now, and closes our copy once sent
                    writer.WriteUInt16((ushort)link.Peripheral.Mtu);
                    context.Reply(writer.CreateMessage());
                }

                break;
            case "StartNotify":
                if (link.NotifySocket != null)
                {
                    throw new BlueZError(ErrorPrefix + "NotPermitted", "Notify acquired");
                }

                lock (_sync)
                {
                    link.Subscribers.Add(context.Request.SenderAsString!);
                }

                Change(path, BlueZNames.GattCharacteristic, ("Notifying", VariantValue.Bool(true)));
                ReplyEmpty(context);
                break;
            case "StopNotify":
                lock (_sync)
                {
                    link.Subscribers.Remove(context.Request.SenderAsString!);
                }

                Change(path, BlueZNames.GattCharacteristic, ("Notifying", VariantValue.Bool(link.Subscribers.Count > 0)));
                ReplyEmpty(context);
                break;
            case "ReadValue":
                throw new BlueZError(ErrorPrefix + "NotPermitted", "Read not permitted");
            default:
                throw new BlueZError("org.freedesktop.DBus.Error.UnknownMethod", member);
        }

        return default;
    }

    /// <summary>What BlueZ reads from an acquired socket: each packet is one write without response; end of file releases it.</summary>
    private void ReadSocket(Link link, Socket socket, bool writes)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var count = socket.Receive(buffer);
                if (count <= 0)
                {
                    break;
                }

                if (writes && count <= link.Peripheral.Mtu - 3)
                {
                    Deliver(link, buffer.AsSpan(0, count).ToArray());
                }
                else if (writes)
                {
                    link.Oversized++; // more than one ATT packet holds: BlueZ cannot send it
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        if (_links.GetValueOrDefault(link.DevicePath) == link && Has(link.CharacteristicPath, BlueZNames.GattCharacteristic))
        {
            Change(link.CharacteristicPath, BlueZNames.GattCharacteristic, writes ? ("WriteAcquired", VariantValue.Bool(false)) : ("NotifyAcquired", VariantValue.Bool(false)));
        }
    }

    /// <summary>A write on its way to the device.</summary>
    private static void Deliver(Link link, byte[] value)
    {
        try
        {
            link.Air.Add(value);
        }
        catch (InvalidOperationException)
        {
            // The link dropped: the write never left.
        }
    }

    /// <summary>
    /// The radio between BlueZ and the device: writes queue up in BlueZ (as its ATT queue and
    /// socket buffers do) and reach the device at a link's pace, about two per millisecond — faster
    /// than a real BLE link, slow enough that the device takes them in while it is not busy.
    /// </summary>
    private static void Air(Link link)
    {
        var sent = 0;
        foreach (var write in link.Air.GetConsumingEnumerable())
        {
            if (link.Dropped)
            {
                continue; // lost with the link
            }

            link.Peripheral.Write(write);
            if (++sent % 2 == 0)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>One notification from the device: through the acquired socket, or as the Value's PropertiesChanged.</summary>
    private void Notify(Link link, byte[] data)
    {
        if (link.NotifySocket is { } socket)
        {
            try
            {
                socket.Send(data);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
        else if (link.Subscribers.Count > 0)
        {
            Change(link.CharacteristicPath, BlueZNames.GattCharacteristic, ("Value", VariantValue.Array(data)));
        }
    }

    /// <summary>The link ends: acquired sockets hang up, the GATT objects go away, Connected turns false.</summary>
    private void DropLink(string path)
    {
        Link? link;
        lock (_sync)
        {
            if (!_links.Remove(path, out link))
            {
                return;
            }

            link.Peripheral.Notify = null;
            link.Peripheral.DropConnection = null;
            foreach (var gatt in _objects.Keys.Where(k => k.StartsWith(path + "/", StringComparison.Ordinal)).OrderByDescending(k => k.Length).ToList())
            {
                var interfaces = _objects[gatt].Keys.ToArray();
                _objects.Remove(gatt);
                InterfacesRemoved(gatt, interfaces);
            }

            if (_objects.ContainsKey(path))
            {
                Change(path, BlueZNames.Device, ("ServicesResolved", VariantValue.Bool(false)), ("Connected", VariantValue.Bool(false)));
            }
        }

        link.Dropped = true;
        link.Air.CompleteAdding();
        link.WriteSocket?.Dispose();
        link.NotifySocket?.Dispose();
        link.Peripheral.Disconnected();
    }

    private VariantValue Property(string path, string iface, string name)
    {
        lock (_sync)
        {
            return _objects.GetValueOrDefault(path)?.GetValueOrDefault(iface)?.GetValueOrDefault(name)
                ?? throw new BlueZError(ErrorPrefix + "DoesNotExist", $"{path} has no {iface}.{name}");
        }
    }

    private void AddObject(string path, string iface, Dictionary<string, VariantValue> properties)
    {
        _objects[path] = new() { [iface] = properties };
        InterfacesAdded(path, _objects[path]);
    }

    /// <summary>Sets properties and signals PropertiesChanged.</summary>
    private void Change(string path, string iface, params (string Name, VariantValue Value)[] changes)
    {
        lock (_sync)
        {
            if (_objects.GetValueOrDefault(path)?.GetValueOrDefault(iface) is not { } properties)
            {
                return;
            }

            foreach (var (name, value) in changes)
            {
                properties[name] = value;
            }

            PropertiesChanged(path, iface, changes.ToDictionary(c => c.Name, c => c.Value), []);
        }
    }

    /// <summary>Removes a property and signals it as invalidated.</summary>
    private void Invalidate(string path, string iface, string name)
    {
        lock (_sync)
        {
            if (_objects.GetValueOrDefault(path)?.GetValueOrDefault(iface) is { } properties && properties.Remove(name))
            {
                PropertiesChanged(path, iface, [], [name]);
            }
        }
    }

    private void PropertiesChanged(string path, string iface, Dictionary<string, VariantValue> changed, string[] invalidated)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteSignalHeader(path: path, @interface: BlueZNames.Properties, member: "PropertiesChanged", signature: "sa{sv}as");
        writer.WriteString(iface);
        writer.WriteDictionary(changed);
        writer.WriteArray(invalidated);
        _bus.TrySendMessage(writer.CreateMessage());
    }

    private void InterfacesAdded(string path, Dictionary<string, Dictionary<string, VariantValue>> interfaces)
    {
        var writer = _bus.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(path: "/", @interface: BlueZNames.ObjectManager, member: "InterfacesAdded", signature: "oa{sa{sv}}");
            writer.WriteObjectPath(path);
            WriteInterfaces(ref writer, interfaces);
            _bus.TrySendMessage(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void InterfacesRemoved(string path, string[] interfaces)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteSignalHeader(path: "/", @interface: BlueZNames.ObjectManager, member: "InterfacesRemoved", signature: "oas");
        writer.WriteObjectPath(path);
        writer.WriteArray(interfaces);
        _bus.TrySendMessage(writer.CreateMessage());
    }

    /// <summary>Replies once <paramref name="work"/> is done, off the bus's message loop (it may call the client back, as Pair does).</summary>
    private static ValueTask Later(MethodContext context, Func<Task> work)
    {
        context.DisposesAsynchronously = true;
        _ = Task.Run(async () =>
        {
            using (context)
            {
                try
                {
                    await work();
                    ReplyEmpty(context);
                }
                catch (BlueZError e)
                {
                    context.ReplyError(e.Name, e.Message);
                }
            }
        });
        return default;
    }

    /// <summary>One connection to a device.</summary>
    private sealed class Link(string devicePath, SmpPeripheral peripheral, string client)
    {
        public string DevicePath { get; } = devicePath;

        public SmpPeripheral Peripheral { get; } = peripheral;

        /// <summary>The unique bus name of the client that connected.</summary>
        public string Client { get; } = client;

        public string ServicePath => DevicePath + "/service000a";

        public string CharacteristicPath => ServicePath + "/char000b";

        public Socket? WriteSocket { get; set; }

        public Socket? NotifySocket { get; set; }

        public HashSet<string> Subscribers { get; } = [];

        /// <summary>Writes on their way to the device.</summary>
        public System.Collections.Concurrent.BlockingCollection<byte[]> Air { get; } = new();

        public volatile bool Dropped;

        public int Oversized { get; set; }
    }

    /// <summary>A D-Bus error reply, as BlueZ names them.</summary>
    private sealed class BlueZError(string name, string message) : Exception(message)
    {
        public string Name { get; } = name;
    }
}
