using System.Text.Json;
using FotaDevice.Host.Images;
using Xunit;

namespace FotaDevice.Host.Tests.Ble;

/// <summary>
/// <c>fota</c> itself over BLE: it finds the BlueZ stand-in on the private bus through
/// DBUS_SYSTEM_BUS_ADDRESS, as it finds bluetoothd on a laptop.
/// </summary>
[Collection("AppRuntime")]
public sealed class BleCliTests
{
    [Fact]
    public async Task TheWholeStoryOverBle()
    {
        using var rig = await BleRig.StartAsync();
        var board = rig.AddDevice("MyBoard", "AA:BB:CC:DD:EE:10");
        var images = new[] { ("v1", "1.0.0", 1u), ("v2", "2.0.0", 2u), ("v3", "3.0.0", 3u) }
            .Select(v =>
            {
                var path = Path.Combine(rig.Dir, $"app-{v.Item1}.img");
                File.WriteAllBytes(path, rig.Image(v.Item2, v.Item3, flavor: v.Item1));
                return (Path: path, Hash: Convert.ToHexStringLower(ImageReader.Read(File.ReadAllBytes(path)).ComputedHash));
            })
            .ToArray();
        const string Device = "ble:MyBoard";

        // Install v1 inside the power-on window.
        Ok(rig.Fota("upload", images[0].Path, "--device", Device), "the device's verdict: bootable");
        Ok(rig.Fota("test", images[0].Hash, "--device", Device), "trial staged");
        Ok(rig.Fota("reset", "--device", Device));
        await Eventually(() => Runs(rig.Fota("list", "--device", Device).Out, "1.0.0"));

        // v2 needs the owner: refused until the button is pressed, then staged, run on trial, confirmed by itself.
        Ok(rig.Fota("upload", images[1].Path, "--device", Device), "the device's verdict: bootable");
        var waiting = Task.Run(() => rig.Fota("test", images[1].Hash, "--wait", "20", "--device", Device));
        await Eventually(() => board.Device.Engine.Approval.WaitingSlot >= 0); // the device asks for a press...
        board.PressButton(); // ...and the owner presses it
        var approved = await waiting;
        Ok(approved);
        Assert.Contains("approval required", approved.Error);
        Assert.Contains("approved on the device", approved.Out);
        Ok(rig.Fota("reset", "--device", Device));
        await Eventually(() => Runs(rig.Fota("list", "--device", Device).Out, "2.0.0"));

        // v3 is broken: it runs on trial, never confirms, and the next restart goes back to v2.
        Ok(rig.Fota("upload", images[2].Path, "--device", Device), "the device's verdict: bootable");
        board.PressButton();
        Ok(rig.Fota("test", "--latest", "--device", Device), "trial staged");
        Ok(rig.Fota("reset", "--device", Device));
        await Eventually(() => rig.Fota("status", "--device", Device).Out.Contains("(on trial: must confirm itself)"));
        board.Device.AppThread?.Join(TimeSpan.FromSeconds(10));
        var revert = rig.Fota("reset", "--device", Device); // a restart that reverts a trial needs the owner too
        Assert.Contains("approval required", revert.Out + revert.Error);
        board.PressButton();
        await Eventually(() => Runs(rig.Fota("list", "--device", Device).Out, "2.0.0"));
        Assert.Contains("did not confirm itself", rig.Log.ToString());
        var log = rig.Fota("log", "--device", Device); // what the device said, read over BLE
        Assert.Equal(0, log.Code);
        Assert.Contains("did not confirm itself", log.Out);
        Assert.Equal(0, board.LostWrites);
    }

    [Fact]
    public async Task ScanListsTheSmpDevicesInRangeWithNameAddressAndSignal()
    {
        using var rig = await BleRig.StartAsync();
        rig.AddDevice("MyBoard", "AA:BB:CC:DD:EE:11");
        rig.AddDevice("Other", "AA:BB:CC:DD:EE:12");
        var away = rig.AddDevice("Away", "AA:BB:CC:DD:EE:13");
        away.InRange = false;
        rig.AddDevice("HeartRate", "AA:BB:CC:DD:EE:14", uuids: ["0000180d-0000-1000-8000-00805f9b34fb"]);

        var json = rig.Fota("scan", "--time", "1", "--json");
        Assert.Equal(0, json.Code);
        var found = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["MyBoard", "Other"], found.Keys.Order().ToArray());
        Assert.Equal("AA:BB:CC:DD:EE:11", found["MyBoard"].GetProperty("address").GetString());
        Assert.Equal(-55, found["MyBoard"].GetProperty("rssi").GetInt32());
        Assert.False(found.ContainsKey("HeartRate")); // no SMP service
        Assert.False(found.ContainsKey("Away"));      // not advertising

        var text = rig.Fota("scan", "--time", "1");
        Assert.Contains("MyBoard              AA:BB:CC:DD:EE:11   -55  no", text.Out);
    }

    [Fact]
    public async Task APasskeyDevicePairsWithTheRightPasskey()
    {
        using var rig = await BleRig.StartAsync();
        rig.AddDevice("Locked", "AA:BB:CC:DD:EE:20", passkey: 123456);
        var list = rig.Fota("list", "--device", "ble:Locked", "--passkey", "123456");
        Ok(list, "no images on the device");
        Assert.Contains("org.bluez.Device1.Pair", rig.BlueZ.Calls);
        Assert.Contains("org.bluez.GattCharacteristic1.WriteValue", rig.BlueZ.Calls); // writes with response: all it takes
        Assert.DoesNotContain("org.bluez.GattCharacteristic1.AcquireWrite", rig.BlueZ.Calls);
    }

    [Fact]
    public async Task AWrongPasskeyFailsClearlyAndNothingReachesTheDevice()
    {
        using var rig = await BleRig.StartAsync();
        var locked = rig.AddDevice("Locked", "AA:BB:CC:DD:EE:21", passkey: 123456);
        var image = Path.Combine(rig.Dir, "app.img");
        File.WriteAllBytes(image, rig.Image("2.0.0", 2));
        var result = rig.Fota("upload", image, "--device", "ble:Locked", "--passkey", "654321");
        Assert.Equal(1, result.Code);
        Assert.Contains("pairing with ble:Locked (AA:BB:CC:DD:EE:21) failed: the device refused the passkey", result.Error);
        Assert.Contains("org.bluez.Error.AuthenticationFailed", result.Error);
        Assert.Equal(0, locked.Writes);
    }

    [Fact]
    public async Task ADeviceThatRequiresPairingSaysSoWhenNoPasskeyIsGiven()
    {
        using var rig = await BleRig.StartAsync();
        var locked = rig.AddDevice("Locked", "AA:BB:CC:DD:EE:22", passkey: 123456);
        var result = rig.Fota("list", "--device", "ble:Locked");
        Assert.Equal(5, result.Code); // the device cannot be reached (docs/fota-cli.md, exit codes)
        Assert.Contains("requires pairing: run again with --passkey", result.Error);
        Assert.Equal(0, locked.Writes); // refused for insufficient authentication; BlueZ asked fota's agent, which had no passkey
    }

    [Fact]
    public async Task BadBleArgumentsAreUsageErrors()
    {
        using var rig = await BleRig.StartAsync();
        Assert.Equal(2, rig.Fota("list", "--device", "ble:").Code);
        var badKey = rig.Fota("list", "--device", "ble:MyBoard", "--passkey", "12ab");
        Assert.Equal(2, badKey.Code);
        Assert.Contains("up to 6 digits", badKey.Error);
    }

    private static bool Runs(string list, string version) =>
        System.Text.RegularExpressions.Regex.IsMatch(list, $@"{System.Text.RegularExpressions.Regex.Escape(version)}\s+active confirmed");

    private static void Ok((int Code, string Out, string Error) result, string? expect = null)
    {
        Assert.True(result.Code == 0, result.Out + result.Error);
        if (expect != null)
        {
            Assert.Contains(expect, result.Out);
        }
    }

    /// <summary>Asks until the condition holds (a restart takes a moment), for at most 10 s.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 100)
        {
            Assert.True(waited < 10_000, "the device did not get there in 10 s");
            await Task.Delay(100);
        }
    }
}
