using System.Net;

namespace FotaDevice.Host.Smp;

/// <summary>
/// How a device is named on the command line: <c>udp:HOST[:PORT]</c>, or <c>ble:NAME</c> /
/// <c>ble:AA:BB:CC:DD:EE:FF</c> (<see cref="Ble.BleTarget"/>). A transport is one case of <see cref="Open"/>.
/// </summary>
public static class DeviceAddress
{
    /// <summary>The port the virtual device and Zephyr's SMP UDP transport use.</summary>
    public const int DefaultUdpPort = 1337;

    /// <summary>The address forms, for help and errors.</summary>
    public const string Forms = "udp:HOST[:PORT], ble:NAME or ble:AA:BB:CC:DD:EE:FF";

    /// <summary>
    /// Opens the link to the device named <paramref name="text"/> (BLE with <paramref name="ble"/>'s
    /// settings); <see cref="ArgumentException"/> for an address it cannot use.
    /// </summary>
    public static ISmpLink Open(string text, Ble.BleOptions? ble = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':');
        var scheme = colon < 0 ? text : text[..colon];
        return scheme switch
        {
            "udp" => new UdpSmpLink(ParseUdp(text)),
            "ble" => Ble.BleSmpLink.Open(Ble.BleTarget.Parse(text), ble ?? new Ble.BleOptions()),
            _ => throw new ArgumentException($"unknown device '{text}': a device is {Forms} (not '{scheme}')"),
        };
    }

    /// <summary>Parses "udp:127.0.0.1:1337", "udp:[::1]:1337" or "udp:host"; a clear error for anything else.</summary>
    public static IPEndPoint ParseUdp(string text)
    {
        if (!text.StartsWith("udp:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{text}' is not udp:HOST[:PORT]");
        }

        var rest = text[4..];
        var colon = rest.LastIndexOf(':');
        var hasPort = colon > 0 && !rest.EndsWith(']') && (rest.StartsWith('[') || rest.IndexOf(':') == colon);
        var host = hasPort ? rest[..colon] : rest;
        var port = hasPort
            ? (int.TryParse(rest[(colon + 1)..], out var p) && p is > 0 and < 65536 ? p : throw new ArgumentException($"bad port in '{text}' (1..65535)"))
            : DefaultUdpPort;
        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            throw new ArgumentException($"no host in '{text}' (udp:HOST[:PORT])");
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.Length > 0 ? new IPEndPoint(addresses[0], port) : throw new ArgumentException($"cannot resolve '{host}'");
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw new ArgumentException($"cannot resolve '{host}'");
        }
    }
}
