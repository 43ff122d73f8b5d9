using System.Net;
using System.Net.Sockets;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>Handles one received datagram; replies go through <paramref name="reply"/> (zero or more datagrams).</summary>
public delegate void DatagramHandler(IPEndPoint from, byte[] data, int count, Action<byte[], int, int> reply);

/// <summary>
/// The virtual device's network side: SMP over UDP as Zephyr serves it (one SMP message per
/// datagram), bound to loopback by default. Datagrams are handled one at a time, in order, like the
/// ESP32's single SMP worker thread.
/// </summary>
public sealed class UdpDatagramServer : IDisposable
{
    /// <summary>The largest datagram accepted (bigger ones are dropped by the socket anyway).</summary>
    public const int MaxDatagram = 65_507;

    private readonly UdpClient _socket;
    private readonly DatagramHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpDatagramServer(IPEndPoint bind, DatagramHandler handler)
    {
        _socket = new UdpClient(bind);
        _handler = handler;
        _loop = Task.Run(ReceiveLoop);
    }

    /// <summary>The address actually bound (port 0 binds a free port).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>Raised when handling a datagram threw: the device code must never let that happen.</summary>
    public event Action<Exception>? HandlerFailed;

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ReceiveLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. ICMP port unreachable from a client that went away
            }

            var from = received.RemoteEndPoint;
            try
            {
                _handler(from, received.Buffer, received.Buffer.Length, (buffer, offset, count) =>
                    _socket.Send(buffer.AsSpan(offset, count), from));
            }
            catch (Exception e)
            {
                HandlerFailed?.Invoke(e);
            }
        }
    }
}
