using FotaDevice.Host.Ble;
using FotaDevice.Host.Smp;
using Xunit;

namespace FotaDevice.Host.Tests.Ble;

/// <summary>The BLE link against the BlueZ stand-in on a private D-Bus: MTU, sockets or D-Bus calls, pacing, drops, disappearance.</summary>
[Collection("AppRuntime")]
public sealed class BleLinkTests
{
    [Fact]
    public async Task AtMtu247TheLinkUsesBlueZsSocketsAndFillsEachWrite()
    {
        using var rig = await BleRig.StartAsync();
        var board = rig.AddDevice("MyBoard", "AA:BB:CC:DD:EE:01", mtu: 247);
        var (smp, link) = await rig.ConnectAsync("ble:MyBoard");
        using (smp.Client)
        {
            var image = rig.Image("2.0.0", 2, padding: 20_000);
            var result = await smp.UploadAsync(image, 4, null);
            Assert.True(result.Match);
            Assert.Equal(247, link.Mtu);
            Assert.True(link.AcquiredSockets);
            Assert.Contains("org.bluez.GattCharacteristic1.AcquireWrite", rig.BlueZ.Calls);
            Assert.Contains("org.bluez.GattCharacteristic1.AcquireNotify", rig.BlueZ.Calls);
            Assert.DoesNotContain("org.bluez.GattCharacteristic1.WriteValue", rig.BlueZ.Calls);
            Assert.Equal(0, board.LostWrites);
        }
    }

    [Fact]
    public async Task AtMtu23WithoutSocketsTheLinkUsesWriteValueAndStartNotify()
    {
        using var rig = await BleRig.StartAsync();
        rig.BlueZ.OffersAcquire = false; // BlueZ before 5.46, or a characteristic without them
        // A request is 61 writes at this MTU and goes to an idle device at once: the device buffers a whole
        // request, as FotaDevice's ESP32 transport does (buf_count x writes per request), so no write is lost
        // however late its worker runs on a loaded machine (with the stand-in's default 16, some were).
        var board = rig.AddDevice("Tiny", "AA:BB:CC:DD:EE:02", mtu: 23, queueLength: 64);
        var (smp, link) = await rig.ConnectAsync("ble:AA:BB:CC:DD:EE:02");
        using (smp.Client)
        {
            var image = rig.Image("2.0.0", 2);
            var result = await smp.UploadAsync(image, 4, null);
            Assert.True(result.Match);
            Assert.Equal("2.0.0", (await smp.ListAsync()).Single().Version); // a reply of several notifications, put back together
            Assert.Equal(23, link.Mtu);
            Assert.False(link.AcquiredSockets);
            Assert.Contains("org.bluez.GattCharacteristic1.StartNotify", rig.BlueZ.Calls);
            Assert.Contains("org.bluez.GattCharacteristic1.WriteValue", rig.BlueZ.Calls);
            Assert.DoesNotContain("org.bluez.GattCharacteristic1.AcquireWrite", rig.BlueZ.Calls);
            Assert.Equal(0, board.LostWrites);
        }
    }

    [Fact]
    public async Task WritesArePacedSoThatABusyDeviceLosesNone()
    {
        using var rig = await BleRig.StartAsync();
        var board = rig.AddDevice("Busy", "AA:BB:CC:DD:EE:03", processingDelay: TimeSpan.FromMilliseconds(30), bufferCount: 5); // 4 in flight: 20 writes, more than the 16 the device queues
        var (smp, _) = await rig.ConnectAsync("ble:Busy");
        using (smp.Client)
        {
            var result = await smp.UploadAsync(rig.Image("2.0.0", 2, padding: 20_000), 4, null);
            Assert.True(result.Match);
            Assert.Equal(0, board.LostWrites);
        }
    }

    [Fact]
    public async Task WithoutPacingTheSameBusyDeviceLosesWrites()
    {
        // The control for the test above: the stand-in does drop what a busy device has no room for.
        using var rig = await BleRig.StartAsync();
        var board = rig.AddDevice("Busy", "AA:BB:CC:DD:EE:03", processingDelay: TimeSpan.FromMilliseconds(30), bufferCount: 5); // 4 in flight: 20 writes, more than the 16 the device queues
        var (smp, _) = await rig.ConnectAsync("ble:Busy", rig.Options(deviceQueue: 100_000));
        using (smp.Client)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await smp.UploadAsync(rig.Image("2.0.0", 2, padding: 20_000), 4, null, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SmpException or SmpTimeoutException)
            {
                // A request missing writes may be read as garbage: what the upload then does is not the point here.
            }

            Assert.True(board.LostWrites > 0);
        }
    }

    [Fact]
    public async Task ADroppedConnectionIsMadeAgainAndTheUploadGoesOn()
    {
        using var rig = await BleRig.StartAsync();
        var board = rig.AddDevice("MyBoard", "AA:BB:CC:DD:EE:04");
        var (smp, link) = await rig.ConnectAsync("ble:MyBoard");
        using (smp.Client)
        {
            var image = rig.Image("2.0.0", 2, padding: 60_000);
            var dropped = false;
            var progress = new SyncProgress(p =>
            {
                if (!dropped && p.Done > image.Length / 2)
                {
                    dropped = true;
                    rig.BlueZ.Drop(board); // supervision timeout in the middle of the upload
                }
            });
            var result = await smp.UploadAsync(image, 4, progress);
            Assert.True(dropped);
            Assert.True(result.Match);
            Assert.Equal(2, link.Connects);
            Assert.Equal(0, board.LostWrites);
            // The signature check follows the last reply: its verdict is logged just after it.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!rig.Log.ToString().Contains("received version 2.0.0 into slot A") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Contains("received version 2.0.0 into slot A", rig.Log.ToString());
        }
    }

    [Fact]
    public async Task ADeviceThatDisappearsMidUploadEndsItWithAClearErrorInBoundedTime()
    {
        using var rig = await BleRig.StartAsync();
        var board = rig.AddDevice("Gone", "AA:BB:CC:DD:EE:05");
        var (smp, _) = await rig.ConnectAsync("ble:Gone");
        using (smp.Client)
        {
            var image = rig.Image("2.0.0", 2, padding: 60_000);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var progress = new SyncProgress(p =>
            {
                if (p.Done > 10_000 && board.InRange)
                {
                    rig.BlueZ.Disappear(board);
                }
            });
            var error = await Assert.ThrowsAsync<SmpTimeoutException>(() => smp.UploadAsync(image, 4, progress));
            Assert.Contains("lost the connection to ble:Gone", error.Message);
            Assert.Contains("no SMP device named Gone in range", error.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task ADeviceNotInRangeIsAClearError()
    {
        using var rig = await BleRig.StartAsync();
        rig.AddDevice("Other", "AA:BB:CC:DD:EE:06");
        var error = await Assert.ThrowsAsync<BleException>(() => rig.ConnectAsync("ble:Nobody", rig.Options()));
        Assert.Contains("no SMP device named Nobody in range", error.Message);
        Assert.Contains("fota scan", error.Message);
    }

    /// <summary>Progress reported on the caller's thread.</summary>
    private sealed class SyncProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
