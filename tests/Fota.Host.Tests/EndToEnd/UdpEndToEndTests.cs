using System.Net;
using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;
using FotaDevice.Protocol.Smp.Groups;
using Xunit;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>The virtual device and the fota client over real UDP sockets on loopback.</summary>
[Collection("AppRuntime")]
public sealed class UdpEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-e2e-").FullName;
    private readonly EcdsaTestSigner _signer = new();
    private readonly DeviceRig _rig;

    public UdpEndToEndTests() => _rig = new DeviceRig(_dir);

    public void Dispose()
    {
        _signer.Dispose();
        _rig.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void TheDemoRunsAndChecksEveryStep()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = FotaDevice.Cli.Cli.Run(["demo", "--dir", Path.Combine(_dir, "demo")], output, error);
        Assert.True(code == 0, output + "\n" + error);
        var text = output.ToString();
        Assert.Contains("approval required: press the button on the device within 60 s", text);
        Assert.Contains("the image in slot A did not confirm itself: going back to slot B", text);
        Assert.Contains("demo: every step behaved as expected", text);
    }

    [Fact]
    public async Task ADroppedClientResumesWhereTheDeviceStopped()
    {
        using var runner = StartDevice(out _);
        var image = Image("2.0.0", 2, padding: 60_000);
        using (var first = new SmpClient(runner.Endpoint))
        {
            // Send the first part only, as a client that loses its connection would.
            var device = new SmpDevice(first);
            using var cancel = new CancellationTokenSource();
            var progress = new Progress<UploadProgress>(p => { if (p.Done > 20_000) cancel.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => device.UploadAsync(image, 1, new SyncProgress(p => { if (p.Done > 20_000) cancel.Cancel(); }), cancel.Token));
        }

        using var second = new SmpClient(runner.Endpoint); // a new client, a new port
        var result = await new SmpDevice(second).UploadAsync(image, 4, null);
        Assert.True(result.StartedAt > 20_000, $"started again at {result.StartedAt}");
        Assert.True(result.Match);
    }

    [Fact]
    public async Task AResumedUploadReportsItsOwnRateNotTheBytesTheDeviceHad()
    {
        using var runner = StartDevice(out _);
        var image = Image("2.0.0", 2, padding: 60_000);
        using (var first = new SmpClient(runner.Endpoint))
        {
            using var cancel = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmpDevice(first).UploadAsync(image, 1, new SyncProgress(p => { if (p.Done > 40_000) cancel.Cancel(); }), cancel.Token));
        }

        var reports = new List<UploadProgress>();
        using var second = new SmpClient(runner.Endpoint);
        var result = await new SmpDevice(second).UploadAsync(image, 1, new SyncProgress(reports.Add));
        Assert.True(result.StartedAt > 40_000);
        Assert.All(reports, p =>
        {
            Assert.Equal(result.StartedAt, p.StartedAt);
            Assert.Equal(p.Done - result.StartedAt, p.Sent);
            Assert.Equal(p.Sent / p.Elapsed.TotalSeconds, p.BytesPerSecond, 6);
        });
        var last = reports[^1];
        Assert.Equal(image.Length, last.Done);
        Assert.True(last.Sent < image.Length - 40_000, "the rate counts only what this upload sent");
    }

    [Fact]
    public async Task ARestartedDeviceResumesTheSameImage()
    {
        var image = Image("2.0.0", 2, padding: 60_000);
        long stoppedAt;
        using (var runner = StartDevice(out _))
        using (var client = new SmpClient(runner.Endpoint))
        {
            using var cancel = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmpDevice(client).UploadAsync(image, 1, new SyncProgress(p => { if (p.Done > 30_000) cancel.Cancel(); }), cancel.Token));
            stoppedAt = (long)(await new SmpDevice(client).StatusAsync())["upload_off"]!;
        }

        using var restarted = StartDevice(out _); // the process was killed: same storage
        using var again = new SmpClient(restarted.Endpoint);
        var result = await new SmpDevice(again).UploadAsync(image, 4, null);
        Assert.Equal(stoppedAt, result.StartedAt);
        Assert.True(result.Match);
    }

    [Fact]
    public async Task ASecondClientIsToldTheDeviceIsBusy()
    {
        using var runner = StartDevice(out _);
        var image = Image("2.0.0", 2, padding: 60_000);
        using var first = new SmpClient(runner.Endpoint);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmpDevice(first).UploadAsync(image, 1, new SyncProgress(p => { if (p.Done > 10_000) cancel.Cancel(); }), cancel.Token));

        using var second = new SmpClient(runner.Endpoint);
        var other = Image("3.0.0", 3, padding: 10_000);
        var busy = await Assert.ThrowsAsync<SmpException>(() => new SmpDevice(second).UploadAsync(other, 4, null));
        Assert.Equal(10, busy.Rc);
        Assert.Contains("another client", busy.Reason);
    }

    [Fact]
    public async Task ImagesForAnotherProductOrOlderVersionsAreRefused()
    {
        using var runner = StartDevice(out var device);
        using var client = new SmpClient(runner.Endpoint);
        var smp = new SmpDevice(client);
        var v2 = Image("2.0.0", 2);
        await smp.UploadAsync(v2, 4, null);
        await smp.TestAsync(ImageReader.Read(v2).ComputedHash); // inside the power-on window
        await smp.ResetAsync();
        await Task.Delay(200);

        var foreign = Image("3.0.0", 3, product: "another-board");
        await smp.UploadAsync(foreign, 4, null);
        runner.PressButton();
        var refused = await Assert.ThrowsAsync<SmpException>(() => smp.TestAsync(ImageReader.Read(foreign).ComputedHash));
        Assert.Contains("another-board", refused.Reason);

        var older = Image("1.0.0", 2);
        await smp.UploadAsync(older, 4, null);
        runner.PressButton();
        refused = await Assert.ThrowsAsync<SmpException>(() => smp.TestAsync(ImageReader.Read(older).ComputedHash));
        Assert.Contains("not newer", refused.Reason);
    }

    [Fact]
    public async Task ACorruptedImageIsStoredButNeverSwitchedTo()
    {
        using var runner = StartDevice(out _);
        using var client = new SmpClient(runner.Endpoint);
        var smp = new SmpDevice(client);
        var image = Image("2.0.0", 2);
        image[image.Length / 2] ^= 0x01;
        var result = await smp.UploadAsync(image, 4, null);
        Assert.True(result.Match); // the transfer was faithful; the image itself is bad
        var slot = (await smp.ListAsync()).Single();
        Assert.False(slot.Bootable);
        var refused = await Assert.ThrowsAsync<SmpException>(() => smp.TestAsync(slot.Hash));
        Assert.True(refused.Rc is 3 or 5, refused.Message);
    }

    [Fact]
    public void FotaUploadRefusesAnImageThatDoesNotFitBeforeSendingIt()
    {
        using var runner = StartDevice(out _);
        var image = Image("2.0.0", 2, padding: 300 * 1024); // the test device's slots hold 256 KiB
        var path = Path.Combine(_dir, "big.img");
        File.WriteAllBytes(path, image);
        var error = new StringWriter();
        var code = FotaDevice.Cli.Cli.Run(["upload", path, "--device", $"udp:127.0.0.1:{runner.Endpoint.Port}"], new StringWriter(), error);
        Assert.Equal(1, code);
        Assert.Contains("does not fit the device's slot (262144 bytes)", error.ToString());
    }

    private VirtualDeviceRunner StartDevice(out FotaDevice.Host.VirtualDevice.VirtualDevice device) => _rig.Start([_signer.PublicKeyInfo], out device);

    private byte[] Image(string version, uint counter, string product = "virtual-device", int padding = 0) =>
        DemoImages.Build(_signer, version, counter, product, padding);

    /// <summary>Progress reported on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
