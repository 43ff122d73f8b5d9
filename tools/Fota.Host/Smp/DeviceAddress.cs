using System.Net;

namespace FotaDevice.Host.Smp;

/// <summary>How a device is named on the command line: <c>udp:HOST[:PORT]</c> (BLE: <c>ble:NAME</c> or <c>ble:AA:BB:CC:DD:EE:FF</c>, see <see cref="Ble.BleTarget"/>).</summary>
public static class DeviceAddress
{
    public const int DefaultUdpPort = 1337;

    /// <summary>Parses "udp:127.0.0.1:1337"; a clear error for anything else.</summary>
    public static IPEndPoint ParseUdp(string text)
    {
        if (!text.StartsWith("udp:", StringComparison.Ordinal))
        {
            var scheme = text.Contains(':') ? text[..text.IndexOf(':')] : text;
            throw new ArgumentException($"unknown device '{text}': the transports are udp:HOST[:PORT] and ble:NAME or ble:AA:BB:CC:DD:EE:FF (not '{scheme}')");
        }

        var rest = text[4..];
        var colon = rest.LastIndexOf(':');
        var host = colon > 0 && !rest.EndsWith(']') ? rest[..colon] : rest;
        var port = colon > 0 && !rest.EndsWith(']') ? (int.TryParse(rest[(colon + 1)..], out var p) && p is > 0 and < 65536 ? p : throw new ArgumentException($"bad port in '{text}'")) : DefaultUdpPort;
        host = host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = Dns.GetHostAddresses(host);
        return addresses.Length > 0 ? new IPEndPoint(addresses[0], port) : throw new ArgumentException($"cannot resolve '{host}'");
    }
}
