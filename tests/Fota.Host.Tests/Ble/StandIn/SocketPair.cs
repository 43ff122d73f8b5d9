using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FotaDevice.Host.Tests.Ble.StandIn;

/// <summary>A connected pair of SOCK_SEQPACKET sockets, as BlueZ hands out for AcquireWrite and AcquireNotify.</summary>
internal static class SocketPair
{
    private const int AfUnix = 1;
    private const int SockSeqPacket = 5;
    private const int SockCloexec = 0x80000;

    /// <summary>Ours (kept by the stand-in) and theirs (sent over D-Bus to the client).</summary>
    public static (Socket Ours, SafeSocketHandle Theirs) Create()
    {
        var fds = new int[2];
        if (socketpair(AfUnix, SockSeqPacket | SockCloexec, 0, fds) != 0)
        {
            throw new SocketException(Marshal.GetLastWin32Error());
        }

        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)), new SafeSocketHandle(fds[1], ownsHandle: true));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int socketpair(int domain, int type, int protocol, [Out] int[] fds);
}
