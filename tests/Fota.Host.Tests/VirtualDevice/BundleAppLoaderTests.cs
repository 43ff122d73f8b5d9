using FotaDevice.Host.Images;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;
using FotaDevice.Platform.Storage;
using FotaDevice.Shim;
using Xunit;

namespace FotaDevice.Host.Tests.VirtualDevice;

/// <summary>The ESP32's app loader (device code) loading a real app bundle from a slot.</summary>
[Collection("AppRuntime")]
public sealed class BundleAppLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-loader-").FullName;
    private readonly EcdsaTestSigner _signer = new();

    public void Dispose()
    {
        _signer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void LoadsTheBundleAndRunsTheEntryPointOnItsOwnThread()
    {
        var failures = new List<string>();
        var slot = SlotWith("v2", "DemoApp.App.Start");
        var loader = new BundleAppLoader([slot], BundleRuntime.DotNet);
        loader.Start(0, new FotaDevice.Update.Boot.SlotVerdict(), message => failures.Add(message));
        Thread.Sleep(500);
        Assert.Empty(failures);
    }

    [Fact]
    public void AnAppThatThrowsIsReportedNotFatal()
    {
        var failed = new ManualResetEventSlim();
        string? message = null;
        var loader = new BundleAppLoader([SlotWith("v3", "DemoApp.App.Start")], BundleRuntime.DotNet);
        loader.Start(0, new FotaDevice.Update.Boot.SlotVerdict(), m => { message = m; failed.Set(); });
        Assert.True(failed.Wait(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("InvalidOperationException: demo app 3.0.0 is broken", message);
    }

    [Fact]
    public void AnAppThatDoesNotFitTheFreeHeapIsRefusedBeforeLoading()
    {
        var slot = SlotWith("v2", "DemoApp.App.Start");
        var tight = new BundleAppLoader([slot], BundleRuntime.DotNet, new FixedHeap(10 * 1024), BundleAppLoader.DefaultReserveBytes);
        var error = Assert.Throws<InvalidOperationException>(() => tight.Start(0, new FotaDevice.Update.Boot.SlotVerdict(), _ => { }));
        Assert.Matches(@"the app needs \d+ bytes of RAM to load \(its assemblies and 12288 to run\), the device has 10240 free", error.Message);

        var roomy = new BundleAppLoader([slot], BundleRuntime.DotNet, new FixedHeap(4 * 1024 * 1024), BundleAppLoader.DefaultReserveBytes);
        roomy.Start(0, new FotaDevice.Update.Boot.SlotVerdict(), _ => { });
    }

    private sealed class FixedHeap(long free) : FotaDevice.Platform.IHeap
    {
        public long FreeBytes => free;
    }

    [Fact]
    public void AMissingEntryPointIsRefusedAtLoad()
    {
        var loader = new BundleAppLoader([SlotWith("v2", "DemoApp.App.Missing")], BundleRuntime.DotNet);
        var error = Assert.Throws<InvalidOperationException>(() => loader.Start(0, new FotaDevice.Update.Boot.SlotVerdict(), _ => { }));
        Assert.Contains("DemoApp.App.Missing", error.Message);
    }

    private FileSlot SlotWith(string flavor, string entry)
    {
        var dll = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "demo-apps", flavor, "DemoApp.dll"));
        var body = new AppBundleBuilder(BundleRuntime.DotNet, entry).Add("DemoApp", new AssemblyVersion(1, 0, 0, 0), dll).Build();
        var image = ImageBuilder.BuildSigned(body, new ImageOptions { Version = ImageOptions.ParseVersion("1.0.0") }, _signer);
        var slot = new FileSlot(Path.Combine(_dir, flavor + entry + ".bin"), 1 << 20);
        slot.Append(0, image, 0, image.Length);
        return slot;
    }
}
