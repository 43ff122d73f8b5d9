using System.Net;
using System.Net.Sockets;

namespace FotaDevice.Host.Smp;

/// <summary>SMP over UDP, one frame a datagram (Zephyr's UDP transport, the virtual device).</summary>
public sealed class UdpLink : ISmpLink
{
    private readonly UdpClient _socket;

    /// <summary>Opens a socket towards <paramref name="device"/>.</summary>
    public UdpLink(IPEndPoint device)
    {
        Endpoint = device;
        _socket = new UdpClient(device.AddressFamily);
        _socket.Connect(device);
    }

    /// <summary>The device's address.</summary>
    public IPEndPoint Endpoint { get; }

    /// <inheritdoc/>
    public string Name => $"udp:{Endpoint}";

    /// <inheritdoc/>
    public string? Trouble { get; private set; }

    /// <inheritdoc/>
    public async Task SendAsync(byte[] frame, CancellationToken cancel) => await _socket.SendAsync(frame, cancel);

    /// <inheritdoc/>
    public async Task<byte[]> ReceiveAsync(CancellationToken cancel)
    {
        while (true)
        {
            try
            {
                var received = await _socket.ReceiveAsync(cancel);
                Trouble = null;
                return received.Buffer;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // ICMP "port unreachable": nothing listens (yet: a device restarting). Keep listening.
                Trouble = "nothing listens on that port";
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
