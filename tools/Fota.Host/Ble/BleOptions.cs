namespace FotaDevice.Host.Ble;

/// <summary>How <c>fota</c> reaches devices over BLE through BlueZ.</summary>
public sealed class BleOptions
{
    /// <summary>The default number of writes a device is assumed to buffer while it handles a request (small stacks hold about 16).</summary>
    public const int DefaultDeviceQueue = 16;

    /// <summary>The D-Bus address of BlueZ's bus; null: <c>DBUS_SYSTEM_BUS_ADDRESS</c>, else the system bus.</summary>
    public string? BusAddress { get; init; }

    /// <summary>The adapter ("hci0"); null: the first one BlueZ lists.</summary>
    public string? Adapter { get; init; }

    /// <summary>The device's passkey (the 6 digits printed on it), for pairing; null: none.</summary>
    public string? Passkey { get; init; }

    /// <summary>Asks the user for the passkey when the device wants one and none was given (null: refuse).</summary>
    public Func<string, string?>? AskPasskey { get; init; }

    /// <summary>How long to look for a device that BlueZ does not know yet.</summary>
    public TimeSpan ScanTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to try to get a dropped connection back before giving up.</summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a reply may take (BLE is slower than UDP; a device may be hashing a slot).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many writes the device buffers while it is busy with a request: writes of later requests
    /// are held back to this many, so none is dropped (a write without response has no answer to say it was).
    /// </summary>
    public int DeviceQueue { get; init; } = DefaultDeviceQueue;

    /// <summary>The bus address to use: <see cref="BusAddress"/>, <c>DBUS_SYSTEM_BUS_ADDRESS</c>, or the system bus socket.</summary>
    public string ResolveBusAddress()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        return BusAddress ?? (string.IsNullOrEmpty(fromEnvironment) ? "unix:path=/var/run/dbus/system_bus_socket" : fromEnvironment);
    }

    /// <summary>The passkey as BlueZ's agent gives it (0–999999), or null; a clear error for anything else.</summary>
    public static uint? ParsePasskey(string? text)
    {
        if (text == null)
        {
            return null;
        }

        return text.Length is > 0 and <= 6 && text.All(char.IsAsciiDigit)
            ? uint.Parse(text)
            : throw new ArgumentException($"a BLE passkey is up to 6 digits (0-999999), not '{text}'");
    }
}
