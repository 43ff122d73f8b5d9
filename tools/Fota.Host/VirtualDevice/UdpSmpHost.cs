using System.Net;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// Serves the device's SMP server over UDP: each datagram is one request, the client is its
/// endpoint, replies go back as whole datagrams.
/// </summary>
public static class UdpSmpHost
{
    /// <summary>The SMP handler for one start of the device (a new one after every restart).</summary>
    public static DatagramHandler For(UpdateEngine engine, SmpServerSettings settings)
    {
        var transport = new ReplyTransport();
        var server = new SmpServer(engine, settings, transport);
        return (from, data, count, reply) =>
        {
            transport.Reply = reply;
            server.ReceiveDatagram(from, data, 0, count);
        };
    }

    private sealed class ReplyTransport : ISmpTransport
    {
        public Action<byte[], int, int>? Reply { get; set; }

        public void Send(object client, byte[] buffer, int offset, int count) => Reply?.Invoke(buffer, offset, count);

        public int MaxFragment(object client) => UdpDatagramServer.MaxDatagram;
    }
}
