using System.Net;
using System.Net.Sockets;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>Handles one received datagram; replies go through <paramref name="reply"/> (zero or more datagrams).</summary>
public delegate void DatagramHandler(IPEndPoint from, byte[] data, int count, Action<byte[], int, int> reply);

/// <summary>
/// The virtual device's network side: SMP over UDP as Zephyr serves it (one SMP message per
/// datagram), bound to loopback by default. Datagrams are handled one at a time, in order, on a thread
/// of its own, like the ESP32's single SMP worker thread: a handler that takes seconds (a slowed
/// signature check) blocks that thread only, never the thread pool that clients in the same process use.
/// </summary>
public sealed class UdpDatagramServer : IDisposable
{
    /// <summary>The largest datagram accepted (bigger ones are dropped by the socket anyway).</summary>
    public const int MaxDatagram = 65_507;

    private readonly UdpClient _socket;
    private readonly DatagramHandler _handler;
    private readonly Thread _worker;
    private volatile bool _stopping;

    public UdpDatagramServer(IPEndPoint bind, DatagramHandler handler)
    {
        _socket = new UdpClient(bind);
        _socket.Client.ReceiveTimeout = 250; // how soon the worker sees a stop while nothing arrives
        _handler = handler;
        _worker = new Thread(ReceiveLoop) { IsBackground = true, Name = "SMP over UDP " + LocalEndPoint };
        _worker.Start();
    }

    /// <summary>The address actually bound (port 0 binds a free port).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>Raised when handling a datagram threw: the device code must never let that happen.</summary>
    public event Action<Exception>? HandlerFailed;

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose(); // ends a Receive that waits
        if (Thread.CurrentThread != _worker)
        {
            _worker.Join(TimeSpan.FromSeconds(2));
        }
    }

    private void ReceiveLoop()
    {
        while (!_stopping)
        {
            byte[] data;
            var from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                data = _socket.Receive(ref from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_stopping)
            {
                continue; // the receive timeout, or an ICMP port unreachable from a client that went away
            }
            catch (SocketException)
            {
                return;
            }

            try
            {
                _handler(from, data, data.Length, (buffer, offset, count) =>
                    _socket.Send(buffer.AsSpan(offset, count), from));
            }
            catch (Exception e)
            {
                HandlerFailed?.Invoke(e);
            }
        }
    }
}
