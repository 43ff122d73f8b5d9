using System.Net;
using System.Net.Sockets;

namespace FotaDevice.Host.Smp;

/// <summary>SMP over UDP: one message per datagram, as Zephyr's UDP transport and the virtual device serve it.</summary>
public sealed class UdpSmpLink : ISmpLink
{
    private readonly UdpClient _socket;
    private readonly IPEndPoint _device;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;

    public UdpSmpLink(IPEndPoint device)
    {
        _device = device;
        _socket = new UdpClient(device.AddressFamily);
        _socket.Connect(device);
        _receiver = Task.Run(ReceiveLoop);
    }

    public string Name => $"udp:{_device}";

    public TimeSpan ReplyTimeout => TimeSpan.FromSeconds(2);

    public int WriteSize => 0;

    public event Action<byte[]>? Received;

    public event Action? Dropped
    {
        add { }
        remove { }
    }

    public async Task SendAsync(byte[] frame, CancellationToken cancel)
    {
        try
        {
            await _socket.SendAsync(frame, cancel);
        }
        catch (SocketException e)
        {
            throw new SmpTimeoutException($"cannot reach {_device}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiver.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ReceiveLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveAsync(_stop.Token);
                Received?.Invoke(received.Buffer);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP "port unreachable" while the device restarts: keep listening.
            }
        }
    }
}
