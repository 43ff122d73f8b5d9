using System.Formats.Cbor;
using System.Net;
using System.Net.Sockets;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>A UDP SMP responder that answers every request with one canned CBOR body (for what the real server does not send yet).</summary>
public sealed class FakeSmpDevice : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeSmpDevice(Action<CborWriter> body)
    {
        var writer = new CborWriter();
        body(writer);
        var payload = writer.Encode();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult request;
                try
                {
                    request = await _socket.ReceiveAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                var reply = new byte[8 + payload.Length];
                Array.Copy(request.Buffer, reply, 8);
                reply[0] = (byte)(request.Buffer[0] | 1); // the reply's op
                reply[2] = (byte)(payload.Length >> 8);
                reply[3] = (byte)payload.Length;
                payload.CopyTo(reply, 8);
                await _socket.SendAsync(reply, request.RemoteEndPoint);
            }
        });
    }

    public string Address => $"udp:127.0.0.1:{((IPEndPoint)_socket.Client.LocalEndPoint!).Port}";

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(2));
    }
}
