using System.Net;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update.Approval;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>A virtual device on loopback, images of the demo app for it, and the fota command line run in process.</summary>
public sealed class DeviceRig : IDisposable
{
    private readonly List<VirtualDeviceRunner> _runners = [];
    private readonly bool _ownsDir;

    public DeviceRig(string dir)
        : this(dir, ownsDir: false)
    {
    }

    private DeviceRig(string dir, bool ownsDir)
    {
        Dir = dir;
        _ownsDir = ownsDir;
    }

    public string Dir { get; }

    /// <summary>The device's log.</summary>
    public StringWriter Log { get; } = new();

    /// <summary>
    /// Starts a device trusting <paramref name="keys"/>, with 256 KiB slots and product "virtual-device",
    /// 4 SMP buffers unless <paramref name="bufferCount"/> says otherwise, and signature checks taking at
    /// least <paramref name="signatureCheckTime"/>.
    /// </summary>
    public VirtualDeviceRunner Start(IReadOnlyList<byte[]> keys, out FotaDevice.Host.VirtualDevice.VirtualDevice device, string? product = "virtual-device", ApprovalSettings? approval = null,
        int bufferCount = 4, TimeSpan signatureCheckTime = default)
    {
        var log = new ConsoleLog(TextWriter.Synchronized(Log));
        device = new FotaDevice.Host.VirtualDevice.VirtualDevice(
            new VirtualDeviceOptions
            {
                StateDirectory = Path.Combine(Dir, "device"), TrustedKeys = keys, SlotSize = 256 * 1024, ProductId = product, Approval = approval ?? new ApprovalSettings(),
                SignatureCheckTime = signatureCheckTime,
            }, log);
        var ring = device.Log;
        var runner = new VirtualDeviceRunner(device, engine => UdpSmpHost.For(engine, new SmpServerSettings { BufferCount = bufferCount, Log = ring }), log);
        runner.Start(new IPEndPoint(IPAddress.Loopback, 0));
        _runners.Add(runner);
        return runner;
    }

    /// <summary>Runs fota in process.</summary>
    public static (int Code, string Output, string Error) Fota(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = FotaDevice.Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A UDP port on loopback that nothing listens on (now).</summary>
    public static int FreeUdpPort()
    {
        using var socket = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>A rig in a new temporary folder of its own (named <paramref name="prefix"/>…), deleted with the rig.</summary>
    public static DeviceRig InTemporaryFolder(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName, ownsDir: true);

    /// <summary>"udp:127.0.0.1:PORT" of a runner.</summary>
    public static string Address(VirtualDeviceRunner runner) => $"udp:127.0.0.1:{runner.Endpoint.Port}";

    public void Dispose()
    {
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }

        if (_ownsDir)
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
