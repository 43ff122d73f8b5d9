namespace FotaDevice.Host.Ble;

/// <summary>BlueZ's D-Bus names (doc/org.bluez.*.rst) and the SMP service's UUIDs.</summary>
public static class BlueZNames
{
    public const string Service = "org.bluez";
    public const string AgentManagerPath = "/org/bluez";
    public const string Adapter = "org.bluez.Adapter1";
    public const string Device = "org.bluez.Device1";
    public const string GattService = "org.bluez.GattService1";
    public const string GattCharacteristic = "org.bluez.GattCharacteristic1";
    public const string AgentManager = "org.bluez.AgentManager1";
    public const string Agent = "org.bluez.Agent1";
    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";
    public const string Properties = "org.freedesktop.DBus.Properties";

    /// <summary>The SMP service (MCUmgr over BLE), lower case as BlueZ writes UUIDs.</summary>
    public const string SmpService = "8d53dc1d-1db7-4cd3-868b-8a527460aa84";

    /// <summary>The SMP characteristic: write without response in, notify out.</summary>
    public const string SmpCharacteristic = "da2e7828-fbce-4e01-ae9e-261174997c48";

    /// <summary>BlueZ's error names start with this.</summary>
    public const string ErrorPrefix = "org.bluez.Error.";
}
