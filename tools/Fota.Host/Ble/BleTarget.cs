using System.Text.RegularExpressions;

namespace FotaDevice.Host.Ble;

/// <summary>A BLE device as the command line names it: <c>ble:AA:BB:CC:DD:EE:FF</c> (its address) or <c>ble:NAME</c> (its advertised name).</summary>
public sealed partial record BleTarget(string? Address, string? Name)
{
    /// <summary>Parses "ble:..."; a clear error for an empty name.</summary>
    public static BleTarget Parse(string text)
    {
        var rest = text.StartsWith("ble:", StringComparison.Ordinal) ? text[4..] : text;
        if (rest.Length == 0)
        {
            throw new ArgumentException("ble: needs a device name or address (ble:MyBoard, ble:AA:BB:CC:DD:EE:FF; fota scan lists them)");
        }

        return AddressPattern().IsMatch(rest) ? new BleTarget(rest.ToUpperInvariant(), null) : new BleTarget(null, rest);
    }

    /// <summary>True for the device with this address, or this name (or alias, as BlueZ shows it).</summary>
    public bool Matches(string? address, string? name, string? alias) =>
        Address != null
            ? string.Equals(Address, address, StringComparison.OrdinalIgnoreCase)
            : Name == name || Name == alias;

    public override string ToString() => Address ?? Name!;

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex AddressPattern();
}
