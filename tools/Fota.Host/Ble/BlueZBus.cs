using Tmds.DBus.Protocol;

namespace FotaDevice.Host.Ble;

/// <summary>Writes the arguments of a method call.</summary>
internal delegate void ArgumentWriter(ref MessageWriter writer);

/// <summary>One PropertiesChanged signal.</summary>
internal sealed record PropertiesChange(string Path, string Interface, Dictionary<string, VariantValue> Changed, string[] Invalidated);

/// <summary>
/// BlueZ on D-Bus, through Tmds.DBus.Protocol: method calls on org.bluez objects, its ObjectManager,
/// and the signals (InterfacesAdded/Removed, PropertiesChanged) that say what changed.
/// </summary>
internal sealed class BlueZBus : IDisposable
{
    private BlueZBus(DBusConnection connection, string address)
    {
        Connection = connection;
        Address = address;
    }

    public DBusConnection Connection { get; }

    public string Address { get; }

    public static async Task<BlueZBus> ConnectAsync(string address)
    {
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync();
        }
        catch (Exception e) when (e is DBusConnectionException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            throw new BleException($"cannot reach BlueZ's D-Bus at {address}: {e.Message} (is bluetoothd running? systemctl status bluetooth)", e);
        }

        return new BlueZBus(connection, address);
    }

    public async Task<BlueZObjects> GetManagedObjectsAsync()
    {
        try
        {
            return await CallAsync("/", BlueZNames.ObjectManager, "GetManagedObjects", null, null, static (m, _) =>
            {
                var reader = m.GetBodyReader();
                return BlueZObjects.Read(ref reader);
            });
        }
        catch (DBusErrorReplyException e) when (e.ErrorName is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner")
        {
            throw new BleException($"BlueZ is not running (nobody owns org.bluez on {Address}): start it with 'sudo systemctl start bluetooth'", e);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == "org.freedesktop.DBus.Error.AccessDenied")
        {
            throw new BleException($"D-Bus refused access to BlueZ: {e.ErrorMessage} (see docs/ble-host.md: permissions)", e);
        }
    }

    public Task CallAsync(string path, string iface, string member, string? signature = null, ArgumentWriter? args = null) =>
        Connection.CallMethodAsync(Message(path, iface, member, signature, args));

    public Task<T> CallAsync<T>(string path, string iface, string member, string? signature, ArgumentWriter? args, MessageValueReader<T> reader) =>
        Connection.CallMethodAsync(Message(path, iface, member, signature, args), reader);

    /// <summary>Sets a property (org.freedesktop.DBus.Properties.Set).</summary>
    public Task SetAsync(string path, string iface, string name, VariantValue value) =>
        CallAsync(path, BlueZNames.Properties, "Set", "ssv", (ref MessageWriter w) =>
        {
            w.WriteString(iface);
            w.WriteString(name);
            w.WriteVariant(value);
        });

    /// <summary>PropertiesChanged of org.bluez objects under <paramref name="pathNamespace"/>.</summary>
    public ValueTask<IDisposable> WatchPropertiesAsync(string pathNamespace, Action<PropertiesChange> handler) =>
        Watch(new MatchRule { Type = MessageType.Signal, Sender = BlueZNames.Service, Interface = BlueZNames.Properties, Member = "PropertiesChanged", PathNamespace = pathNamespace },
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                return new PropertiesChange(m.PathAsString ?? string.Empty, reader.ReadString(), reader.ReadDictionaryOfStringToVariantValue(), reader.ReadArrayOfString());
            },
            handler);

    /// <summary>Objects BlueZ adds (a device found, a connected device's GATT services).</summary>
    public ValueTask<IDisposable> WatchAddedAsync(Action<(string Path, Dictionary<string, BlueZProperties> Interfaces)> handler) =>
        Watch(new MatchRule { Type = MessageType.Signal, Sender = BlueZNames.Service, Interface = BlueZNames.ObjectManager, Member = "InterfacesAdded" },
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                return (reader.ReadObjectPathAsString(), BlueZObjects.ReadInterfaces(ref reader));
            },
            handler);

    /// <summary>Objects BlueZ removes (a device gone, services of a disconnected device).</summary>
    public ValueTask<IDisposable> WatchRemovedAsync(Action<(string Path, string[] Interfaces)> handler) =>
        Watch(new MatchRule { Type = MessageType.Signal, Sender = BlueZNames.Service, Interface = BlueZNames.ObjectManager, Member = "InterfacesRemoved" },
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                return (reader.ReadObjectPathAsString(), reader.ReadArrayOfString());
            },
            handler);

    public void Dispose() => Connection.Dispose();

    /// <summary>Writes an a{sv} of options.</summary>
    internal static void WriteOptions(ref MessageWriter writer, params (string Name, VariantValue Value)[] options)
    {
        var start = writer.WriteDictionaryStart();
        foreach (var (name, value) in options)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            writer.WriteVariant(value);
        }

        writer.WriteDictionaryEnd(start);
    }

    private ValueTask<IDisposable> Watch<T>(MatchRule rule, MessageValueReader<T> reader, Action<T> handler) =>
        Connection.AddMatchAsync(rule, reader, (Notification<T> n) =>
        {
            if (n.HasValue)
            {
                handler(n.Value);
            }
        }, emitOnCapturedContext: false);

    private MessageBuffer Message(string path, string iface, string member, string? signature, ArgumentWriter? args)
    {
        var writer = Connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: BlueZNames.Service, path: path, @interface: iface, member: member, signature: signature);
            args?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
