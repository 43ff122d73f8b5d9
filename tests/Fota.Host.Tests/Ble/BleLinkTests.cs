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
}
