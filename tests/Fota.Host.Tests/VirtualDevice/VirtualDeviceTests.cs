using FotaDevice.Host.Images;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;
using FotaDevice.Update;
using Xunit;

namespace FotaDevice.Host.Tests.VirtualDevice;

/// <summary>The virtual device runs the real demo app from signed images through the real device code.</summary>
[Collection("AppRuntime")]
public sealed class VirtualDeviceTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("fota-vdev-").FullName;
    private readonly EcdsaTestSigner _signer = new();
    private readonly StringWriter _log = new();

    public void Dispose()
    {
        _signer.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public void InstallsUpdatesConfirmsAndRevertsTheRealDemoApp()
    {
        var device = NewDevice();
        device.RestartRequested += () => device.Restart();
        var engine = device.Start();
        Assert.Equal(-1, engine.RunningSlot);

        // v1 onto a new device, inside the power-on window.
        engine = Install(device, "v1", "1.0.0");
        Assert.Equal("1.0.0", device.Plan.Image!.VersionText);
        WaitForApp(device);
        Assert.True(engine.IsConfirmed(engine.RunningSlot), Log());

        // v2: runs on trial, confirms itself.
        engine = Install(device, "v2", "2.0.0");
        Assert.True(device.Plan.Trial);
        WaitForApp(device);
        Assert.True(engine.IsConfirmed(engine.RunningSlot), Log());
        var v2Slot = engine.RunningSlot;

        // v3: throws at start, never confirms; the next restart goes back to v2.
        engine = Install(device, "v3", "3.0.0");
        WaitForApp(device);
        Assert.Contains("the app stopped with an error: InvalidOperationException: demo app 3.0.0 is broken", Log());
        Assert.True(engine.RunningOnTrial);
        Assert.Equal(UpdateStatus.Ok, engine.Reboot());
        engine = device.Engine;
        Assert.Equal(v2Slot, engine.RunningSlot);
        Assert.Contains("did not confirm itself", Log());
        Assert.True(engine.IsRejected(1 - v2Slot));
    }

    [Fact]
    public void StateSurvivesAProcessRestart()
    {
        var device = NewDevice();
        device.RestartRequested += () => device.Restart();
        device.Start();
        Install(device, "v1", "1.0.0");
        WaitForApp(device);

        var again = NewDevice(); // a new process over the same state directory
        var engine = again.Start();
        Assert.Equal("1.0.0", again.Plan.Image!.VersionText);
        Assert.True(engine.IsConfirmed(engine.RunningSlot));
        Assert.True(again.Plan.PowerOn); // a killed process is a power cut: it looks like a power-on
    }

    [Fact]
    public void AnImageForAnotherProductOrKeyNeverRuns()
    {
        var device = NewDevice();
        device.Start();
        var image = Image("v1", "1.0.0", product: "someone-elses-board");
        var reply = device.Engine.Upload(this, 0, image, 0, image.Length, image.Length, null!, 0);
        Assert.True(reply.Complete);
        var slot = device.Engine.InactiveSlot;
        Assert.False(device.Engine.SlotImage(slot).Bootable);
        Assert.Equal(UpdateStatus.Refused, device.Engine.Switch(ImageReader.Read(image).ComputedHash, 0, false));
        Assert.Contains("someone-elses-board", device.Engine.LastMessage);
    }

    private FotaDevice.Host.VirtualDevice.VirtualDevice NewDevice() => new(
        new VirtualDeviceOptions { StateDirectory = _state, TrustedKeys = [_signer.PublicKeyInfo], SlotSize = 256 * 1024 },
        new ConsoleLog(TextWriter.Synchronized(_log)));

    private UpdateEngine Install(FotaDevice.Host.VirtualDevice.VirtualDevice device, string flavor, string version)
    {
        var engine = device.Engine;
        var image = Image(flavor, version);
        UploadReply reply = engine.Upload(this, 0, image, 0, 200, image.Length, System.Security.Cryptography.SHA256.HashData(image), 0);
        while (reply.Status == UpdateStatus.Ok && !reply.Complete)
        {
            var offset = reply.NextOffset;
            reply = engine.Upload(this, offset, image, offset, Math.Min(1000, image.Length - offset), -1, null!, 0);
        }

        Assert.True(reply.Match, $"{reply.Status} {reply.Message}\n{Log()}");
        device.PressButton();
        Assert.Equal(UpdateStatus.Ok, engine.Switch(ImageReader.Read(image).ComputedHash, 0, false));
        Assert.Equal(UpdateStatus.Ok, engine.Reboot());
        Assert.Equal(version, device.Plan.Image?.VersionText);
        return device.Engine;
    }

    private byte[] Image(string flavor, string version, string product = "virtual-device")
    {
        var dll = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "demo-apps", flavor, "DemoApp.dll"));
        var body = new AppBundleBuilder(BundleRuntime.DotNet, "DemoApp.App.Start")
            .Add("DemoApp", new AssemblyVersion(int.Parse(version[..1]), 0, 0, 0), dll)
            .Build();
        var options = new ImageOptions { Version = ImageOptions.ParseVersion(version), SecurityCounter = (uint)int.Parse(version[..1]), ProductId = product };
        return ImageBuilder.BuildSigned(body, options, _signer);
    }

    private static void WaitForApp(FotaDevice.Host.VirtualDevice.VirtualDevice device)
    {
        var thread = device.AppThread;
        Assert.NotNull(thread);
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the app did not finish");
    }

    private string Log() => _log.ToString();
}
