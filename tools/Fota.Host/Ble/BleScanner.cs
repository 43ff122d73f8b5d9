using Tmds.DBus.Protocol;

namespace FotaDevice.Host.Ble;

/// <summary>An SMP device BlueZ has seen.</summary>
/// <param name="Path">BlueZ's object path (/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF).</param>
/// <param name="Address">Its Bluetooth address.</param>
/// <param name="Name">Its name (BlueZ's Alias: the advertised name unless renamed), if known.</param>
/// <param name="Rssi">Signal strength in dBm, when seen in this scan.</param>
/// <param name="Paired">True when BlueZ has paired with it.</param>
public sealed record BleDeviceInfo(string Path, string Address, string? Name, short? Rssi, bool Paired);

/// <summary>Discovery through BlueZ: the devices advertising the SMP service, filtered by its UUID.</summary>
public static class BleScanner
{
    /// <summary>Scans for <paramref name="duration"/>; returns the SMP devices seen, strongest first.</summary>
    public static async Task<IReadOnlyList<BleDeviceInfo>> ScanAsync(BleOptions options, TimeSpan duration, CancellationToken cancel = default)
    {
        using var bus = await BlueZBus.ConnectAsync(options.ResolveBusAddress());
        var adapter = await FindAdapterAsync(bus, options.Adapter);
        var seen = await DiscoverAsync(bus, adapter, duration, stop: null, cancel);
        return seen.OrderByDescending(d => d.Rssi ?? short.MinValue).ThenBy(d => d.Address, StringComparer.Ordinal).ToList();
    }

    /// <summary>The adapter's object path: <paramref name="name"/> ("hci0"), or the first; a clear error if none or off.</summary>
    internal static async Task<string> FindAdapterAsync(BlueZBus bus, string? name)
    {
        var adapters = (await bus.GetManagedObjectsAsync()).With(BlueZNames.Adapter).ToList();
        var chosen = adapters.FirstOrDefault(a => name == null || a.Path.EndsWith("/" + name, StringComparison.Ordinal));
        if (chosen.Path == null)
        {
            throw new BleException(name == null
                ? "no Bluetooth adapter: BlueZ lists none (is one plugged in? 'rfkill unblock bluetooth')"
                : $"no Bluetooth adapter {name} (BlueZ has: {string.Join(", ", adapters.Select(a => a.Path[(a.Path.LastIndexOf('/') + 1)..]))})");
        }

        if (chosen.Properties.Bool("Powered") == false)
        {
            throw new BleException($"the Bluetooth adapter {chosen.Path[(chosen.Path.LastIndexOf('/') + 1)..]} is off: 'bluetoothctl power on'");
        }

        return chosen.Path;
    }

    /// <summary>
    /// The device <paramref name="target"/> names: one BlueZ already knows (paired before, or seen
    /// lately), else the first SMP device advertising with that name or address within
    /// <paramref name="timeout"/>; null if none.
    /// </summary>
    internal static async Task<BleDeviceInfo?> FindAsync(BlueZBus bus, string adapter, BleTarget target, TimeSpan timeout, CancellationToken cancel)
    {
        var known = Devices(await bus.GetManagedObjectsAsync(), adapter).FirstOrDefault(d => Matches(target, d.Properties));
        if (known.Path != null)
        {
            return Info(known.Path, known.Properties);
        }

        var found = await DiscoverAsync(bus, adapter, timeout, p => Matches(target, p), cancel);
        return found.FirstOrDefault(d => target.Matches(d.Address, d.Name, d.Name));
    }

    /// <summary>
    /// Runs a discovery filtered by the SMP service UUID (BlueZ merges filters of all clients, so each
    /// device is checked here too) until <paramref name="duration"/> passes or <paramref name="stop"/>
    /// holds for a device seen. Returns the SMP devices seen (with an RSSI: advertising now).
    /// </summary>
    private static async Task<List<BleDeviceInfo>> DiscoverAsync(BlueZBus bus, string adapter, TimeSpan duration, Func<BlueZProperties, bool>? stop, CancellationToken cancel)
    {
        var sync = new object();
        var devices = new Dictionary<string, BlueZProperties>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Saw(string path, BlueZProperties properties, bool advertising)
        {
            lock (sync)
            {
                if (devices.TryGetValue(path, out var known))
                {
                    known.Update(properties.Values, []);
                }
                else
                {
                    devices[path] = known = properties;
                }

                if (advertising || known.Has("RSSI"))
                {
                    seen.Add(path);
                    if (IsSmp(known) && stop?.Invoke(known) == true)
                    {
                        done.TrySetResult();
                    }
                }
            }
        }

        using var added = await bus.WatchAddedAsync(a =>
        {
            if (a.Path.StartsWith(adapter + "/", StringComparison.Ordinal) && a.Interfaces.TryGetValue(BlueZNames.Device, out var p))
            {
                Saw(a.Path, p, advertising: true);
            }
        });
        using var changed = await bus.WatchPropertiesAsync(adapter, c =>
        {
            if (c.Interface == BlueZNames.Device)
            {
                Saw(c.Path, new BlueZProperties(c.Changed), advertising: c.Changed.ContainsKey("RSSI"));
            }
        });
        await CallAdapterAsync(bus, adapter, "SetDiscoveryFilter", "a{sv}", (ref MessageWriter w) => BlueZBus.WriteOptions(ref w,
            ("UUIDs", VariantValue.Array(new[] { BlueZNames.SmpService })), ("Transport", VariantValue.String("le"))));
        await CallAdapterAsync(bus, adapter, "StartDiscovery", null, null);
        try
        {
            foreach (var (path, properties) in Devices(await bus.GetManagedObjectsAsync(), adapter))
            {
                Saw(path, properties, advertising: false);
            }

            await Task.WhenAny(done.Task, Task.Delay(duration, cancel));
            cancel.ThrowIfCancellationRequested();
        }
        finally
        {
            try
            {
                await bus.CallAsync(adapter, BlueZNames.Adapter, "StopDiscovery").WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception e) when (e is DBusExceptionBase or TimeoutException)
            {
                // Already stopped, or BlueZ went away: nothing left to undo.
            }
        }

        lock (sync)
        {
            return seen.Where(p => IsSmp(devices[p]) && devices[p].Has("Address")).Select(p => Info(p, devices[p])).ToList();
        }
    }

    private static async Task CallAdapterAsync(BlueZBus bus, string adapter, string member, string? signature, ArgumentWriter? args)
    {
        try
        {
            await bus.CallAsync(adapter, BlueZNames.Adapter, member, signature, args);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == BlueZNames.ErrorPrefix + "InProgress")
        {
            // Another client's discovery is running: ours joins it.
        }
        catch (DBusErrorReplyException e)
        {
            throw new BleException($"BlueZ could not start a scan ({member}): {e.ErrorName}: {e.ErrorMessage}" + (e.ErrorName.EndsWith("NotReady", StringComparison.Ordinal) ? " (is the adapter powered? 'bluetoothctl power on')" : string.Empty), e, transient: true);
        }
    }

    private static IEnumerable<(string Path, BlueZProperties Properties)> Devices(BlueZObjects objects, string adapter) =>
        objects.With(BlueZNames.Device).Where(d => d.Path.StartsWith(adapter + "/", StringComparison.Ordinal));

    private static bool IsSmp(BlueZProperties device) =>
        device.Strings("UUIDs").Any(u => string.Equals(u, BlueZNames.SmpService, StringComparison.OrdinalIgnoreCase));

    private static bool Matches(BleTarget target, BlueZProperties device) =>
        target.Matches(device.Text("Address"), device.Text("Name"), device.Text("Alias"));

    private static BleDeviceInfo Info(string path, BlueZProperties p) =>
        new(path, p.Text("Address") ?? "?", p.Text("Alias") ?? p.Text("Name"), p.Int16("RSSI"), p.Bool("Paired") ?? false);
}
