using FotaDevice.Testing.Links;
using System.Net;
using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Benchmarks;

/// <summary>
/// Uploads with the shipped SMP settings (<see cref="SmpServerSettings.DefaultBufferSize"/>,
/// <see cref="SmpServerSettings.DefaultBufferCount"/>): the real client to the virtual device over a
/// lossy loopback path (<see cref="LossyLink"/>), lossless and at 2 % loss; then the ESP32 story, a
/// model of a BLE link and of the device's interpreter (<see cref="Esp32UploadModel"/>).
/// </summary>
public static class UploadBenchmarks
{
    private const int LoopbackImage = 256 * 1024;
    private const int ModelImage = 256 * 1024;
    private const int BleWrite = 244; // MTU 247, what phones and BlueZ negotiate
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(30);

    public static void Run(TextWriter output)
    {
        using var signer = Host.Keys.SigningKey.Generate(Host.Signing.KeyType.EcdsaP256);
        var bufferSize = SmpServerSettings.DefaultBufferSize;
        var bufferCount = SmpServerSettings.DefaultBufferCount;
        var window = SmpDevice.Window(null, bufferCount);
        var image = BuildImage(signer, LoopbackImage);
        output.WriteLine($"Upload with the shipped settings: buf_size {bufferSize}, buf_count {bufferCount} ({window} requests in flight), requests of {UploadRequests.RequestSize(bufferSize, BleWrite)} bytes (whole {BleWrite}-byte writes, MTU {BleWrite + 3})");
        output.WriteLine();
        output.WriteLine($"  The client to the virtual device over UDP loopback through a lossy link, {image.Length / 1024} KiB image, {RoundTrip.TotalMilliseconds:F0} ms round trip");
        output.WriteLine("  added, losses seeded (each request and each reply lost with the chance given); median of 3 runs (seeds 1-3):");
        output.WriteLine($"  {"link",-34} {"goodput",12} {"resent",7} {"timeouts",9} {"SRTT",8} {"RTO",8}");
        foreach (var cap in new[] { 0.0, 48 * 1024.0 })
        {
            var lossless = Median(signer, image, new LossyLinkOptions { RoundTrip = RoundTrip, BytesPerSecond = cap, WriteSize = BleWrite });
            var lossy = Median(signer, image, new LossyLinkOptions { RoundTrip = RoundTrip, BytesPerSecond = cap, WriteSize = BleWrite, RequestLoss = 0.02, ReplyLoss = 0.02 });
            var capText = cap > 0 ? $", {cap / 1024:F0} KiB/s" : string.Empty;
            Print(output, $"lossless{capText}", lossless);
            Print(output, $"2 % loss each way{capText}", lossy);
            output.WriteLine($"  {"  2 % loss / lossless",-34} {lossy.KiBps / lossless.KiBps,12:P0}");
        }

        output.WriteLine();
        Esp32UploadModel.Run(output, BuildImage(signer, ModelImage), bufferSize, bufferCount);
    }

    private static void Print(TextWriter output, string name, Outcome run) =>
        output.WriteLine($"  {name,-34} {run.KiBps,6:F1} KiB/s {run.Result.Resent,7} {run.Result.Timeouts,9} {run.Result.RoundTrip?.TotalMilliseconds,5:F0} ms {run.Result.RetransmitTimeout?.TotalMilliseconds,5:F0} ms");

    private static Outcome Median(Host.Keys.SigningKey signer, byte[] image, LossyLinkOptions link)
    {
        var runs = Enumerable.Range(1, 3).Select(seed => Upload(signer, image, link with { Seed = seed })).OrderBy(r => r.KiBps).ToArray();
        return runs[1];
    }

    private static Outcome Upload(Host.Keys.SigningKey signer, byte[] image, LossyLinkOptions link)
    {
        var dir = Directory.CreateTempSubdirectory("fota-bench-").FullName;
        try
        {
            var device = new VirtualDevice(new VirtualDeviceOptions { StateDirectory = dir, TrustedKeys = [signer.PublicKeyInfo], SlotSize = 2 * 1024 * 1024 }, new ConsoleLog(TextWriter.Null));
            using var runner = new VirtualDeviceRunner(device, engine => UdpSmpHost.For(engine, new SmpServerSettings()), new ConsoleLog(TextWriter.Null));
            runner.Start(new IPEndPoint(IPAddress.Loopback, 0));
            using var client = new SmpClient(new LossyLink(new UdpSmpLink(runner.Endpoint), link));
            var result = new SmpDevice(client).UploadAsync(image, (int?)null, null).GetAwaiter().GetResult();
            if (result.Match != true)
            {
                throw new InvalidOperationException("the device's copy does not match the image");
            }

            return new Outcome(image.Length / 1024.0 / result.Elapsed.TotalSeconds, result);
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

    private sealed record Outcome(double KiBps, UploadResult Result);
}
