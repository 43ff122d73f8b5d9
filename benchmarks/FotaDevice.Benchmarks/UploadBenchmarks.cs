using System.Net;
using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Benchmarks;

/// <summary>
/// Uploading a 1 MiB image: to the virtual device over UDP (stop-and-wait and pipelined), and the
/// same requests over a simulated BLE link, as a fraction of that link's raw capacity.
/// </summary>
public static class UploadBenchmarks
{
    private const int BufferSize = 2048;

    public static void Run(TextWriter output)
    {
        using var signer = Host.Keys.SigningKey.Generate(Host.Signing.KeyType.EcdsaP256);
        var image = BuildImage(signer, 1024 * 1024);
        output.WriteLine($"Upload of a {image.Length / 1024} KiB image, {BufferSize}-byte requests ({SmpDevice.ChunkSize(BufferSize)} data bytes each)");
        foreach (var window in new[] { 1, 4 })
        {
            var rates = Enumerable.Range(0, 3).Select(_ => UdpUpload(signer, image, window)).Order().ToArray();
            output.WriteLine($"  UDP loopback to the virtual device, {(window == 1 ? "stop-and-wait" : $"pipelined ({window} in flight)"),-26} {rates[1],8:F0} KiB/s (median of 3; the device verifies the image at the end)");
        }

        output.WriteLine();
        output.WriteLine("  Simulated BLE link (same request bytes; model: a write per ATT packet, several packets per connection");
        output.WriteLine("  interval, a fixed handling time per write on the device, the reply as notifications):");
        output.WriteLine($"  {"ATT MTU",8} {"interval",9} {"pkts/int",9} {"per write",10} {"raw link",10} {"stop-and-wait",14} {"pipelined",10} {"efficiency",11}");
        foreach (var link in new[] { new BleLink(247, 15, 4, 0.5), new BleLink(247, 30, 6, 0.5), new BleLink(185, 15, 2, 1.0), new BleLink(23, 30, 4, 1.0) })
        {
            var (stopAndWait, pipelined) = link.Upload(image, BufferSize);
            output.WriteLine($"  {link.Mtu,8} {link.IntervalMs,7} ms {link.PacketsPerInterval,9} {link.HandlingMs,7:F1} ms {link.RawKiBps,6:F1} KiB/s {stopAndWait,8:F1} KiB/s {pipelined,6:F1} KiB/s {pipelined / link.RawKiBps,10:P0}");
        }
    }

    private static double UdpUpload(Host.Keys.SigningKey signer, byte[] image, int window)
    {
        var dir = Directory.CreateTempSubdirectory("fota-bench-").FullName;
        try
        {
            var device = new VirtualDevice(new VirtualDeviceOptions { StateDirectory = dir, TrustedKeys = [signer.PublicKeyInfo], SlotSize = 2 * 1024 * 1024 }, new ConsoleLog(TextWriter.Null));
            using var runner = new VirtualDeviceRunner(device, engine => UdpSmpHost.For(engine, new SmpServerSettings { BufferSize = BufferSize, BufferCount = 4 }), new ConsoleLog(TextWriter.Null));
            runner.Start(new IPEndPoint(IPAddress.Loopback, 0));
            using var client = new SmpClient(runner.Endpoint);
            var result = new SmpDevice(client).UploadAsync(image, window, null).GetAwaiter().GetResult();
            return image.Length / 1024.0 / result.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] BuildImage(FotaDevice.Host.Signing.IImageSigner signer, int size)
    {
        var body = new AppBundleBuilder(BundleRuntime.DotNet, "Bench.App.Start").Add("Bench", new AssemblyVersion(1, 0, 0, 0), new byte[size - 200]).Build();
        return ImageBuilder.BuildSigned(body, new ImageOptions { Version = ImageOptions.ParseVersion("1.0.0"), ProductId = "virtual-device" }, signer);
    }

    /// <summary>
    /// A BLE link: every write carries MTU − 3 bytes; a connection interval carries up to
    /// <see cref="PacketsPerInterval"/> packets in either direction; the device spends
    /// <see cref="HandlingMs"/> per write (copy, respond, queue). Stop-and-wait waits a whole
    /// round trip per request; pipelined keeps the link full, so only the link and the handling count.
    /// </summary>
    private sealed record BleLink(int Mtu, int IntervalMs, int PacketsPerInterval, double HandlingMs)
    {
        public double RawKiBps => (Mtu - 3) * PacketsPerInterval * (1000.0 / IntervalMs) / 1024;

        public (double StopAndWait, double Pipelined) Upload(byte[] image, int bufferSize)
        {
            var payload = Mtu - 3;
            var chunk = SmpDevice.ChunkSize(bufferSize);
            var sha = System.Security.Cryptography.SHA256.HashData(image);
            double stopAndWaitMs = 0;
            long totalPackets = 0;
            double handling = 0;
            for (var offset = 0; offset < image.Length; offset += chunk)
            {
                var count = Math.Min(chunk, image.Length - offset);
                var request = 8 + SmpDevice.EncodeUploadChunk(image, offset, count, offset == 0 ? sha : null).Length;
                var writes = (request + payload - 1) / payload;
                var notifications = 1; // {"off": N} fits one notification
                var intervals = Math.Ceiling((double)writes / PacketsPerInterval) + Math.Max(1, Math.Ceiling((double)notifications / PacketsPerInterval));
                stopAndWaitMs += intervals * IntervalMs + writes * HandlingMs;
                totalPackets += writes + notifications;
                handling += writes * HandlingMs;
            }

            var pipelinedMs = Math.Max(Math.Ceiling((double)totalPackets / PacketsPerInterval) * IntervalMs, handling);
            return (image.Length / 1024.0 / (stopAndWaitMs / 1000), image.Length / 1024.0 / (pipelinedMs / 1000));
        }
    }
}
