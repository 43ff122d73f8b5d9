using System.CommandLine;
using System.Net;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;
using FotaDevice.Host.Signing;
using FotaDevice.Host.Smp;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Cli.Commands;

/// <summary>
/// fota demo: the whole story on a virtual device, over real SMP on loopback — install v1, update to
/// v2 with the owner's approval (trial, then confirmed), then a broken v3 that is reverted.
/// Exits 0 only if every step behaved as expected.
/// </summary>
public sealed class DemoCommand : FotaCommand
{
    private readonly Option<string?> _dir = Text("--dir", "DIR", "where to put the key, images and the device's storage (default: a temporary folder)");
    private readonly Option<bool> _keep = Flag("--keep", "keep that folder afterwards");
    private TextWriter _out = TextWriter.Null;
    private int _step;

    public override int Order => 320;

    public override string Name => "demo";

    public override string Summary => "run the whole update story on a virtual device and check every step";

    protected override void Define(Command command)
    {
        command.Options.Add(_dir);
        command.Options.Add(_keep);
    }

    public override async Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        _out = context.Out;
        var dir = parse.GetValue(_dir) ?? Directory.CreateTempSubdirectory("fota-demo-").FullName;
        if (File.Exists(dir))
        {
            throw new CliException($"--dir {dir}: a file, not a folder");
        }

        Directory.CreateDirectory(dir);
        try
        {
            await RunAsync(dir);
            _out.WriteLine();
            _out.WriteLine("demo: every step behaved as expected");
            return ExitCodes.Ok;
        }
        catch (SmpException e)
        {
            throw new CliException($"demo failed at step {_step}: the device refused: {e.Message}");
        }
        finally
        {
            if (!parse.GetValue(_keep) && parse.GetValue(_dir) == null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private async Task RunAsync(string dir)
    {
        Step("the maker makes a signing key (it would stay on an offline machine)");
        using var key = SigningKey.Generate(KeyType.EcdsaP256);
        File.WriteAllText(Path.Combine(dir, "maker.pem"), key.ExportPem());
        Say($"ECDSA P-256 key, key hash {Convert.ToHexStringLower(new PublicKeyFile(key.KeyType, key.PublicKeyInfo).KeyHash)[..16]}...");

        Step("build and sign three versions of the app: v1, v2, and a broken v3 that throws at start");
        var v1 = Pack(key, dir, "v1", "1.0.0", 1);
        var v2 = Pack(key, dir, "v2", "2.0.0", 2);
        var v3 = Pack(key, dir, "v3", "3.0.0", 3);
        Say($"app-v1.img, app-v2.img, app-v3.img in {dir} (security counters 1, 2, 3; product virtual-device)");

        Step("start a new virtual device that trusts the maker's public key (its storage: " + Path.Combine(dir, "device") + ")");
        var log = new ConsoleLog(_out);
        var device = new FotaDevice.Host.VirtualDevice.VirtualDevice(
            new VirtualDeviceOptions { StateDirectory = Path.Combine(dir, "device"), TrustedKeys = [key.PublicKeyInfo] }, log);
        using var runner = new VirtualDeviceRunner(device, engine => UdpSmpHost.For(engine, new SmpServerSettings { BufferCount = 4, DeviceName = "demo-device", Machine = "virtual", Log = device.Log }), log);
        runner.Start(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new SmpClient(runner.Endpoint);
        var smp = new SmpDevice(client);
        Say($"the device listens on udp:{runner.Endpoint.Address}:{runner.Endpoint.Port}");

        Step("install v1: upload it, and approve it within the power-on window");
        await Upload(smp, v1);
        await smp.TestAsync(v1.Hash);
        Say("approved (the device was just powered on)");
        await smp.ResetAsync();
        await ExpectRunning(smp, device, "1.0.0", confirmed: true);

        Step("v2: upload; ask to switch — the owner has to approve on the device");
        await Upload(smp, v2);
        try
        {
            await smp.TestAsync(v2.Hash);
            throw new CliException("the device switched without the owner's approval");
        }
        catch (SmpException e) when (e.Rc == 11)
        {
            Say($"the device answers: {e.Reason}");
        }

        Say("(the owner presses the button on the device)");
        runner.PressButton();
        Expect((await smp.ListAsync()).Any(s => s.Pending && s.Hash.SequenceEqual(v2.Hash)), "v2 is staged after the press");

        Step("restart: v2 runs on trial and confirms itself");
        await smp.ResetAsync();
        await ExpectRunning(smp, device, "2.0.0", confirmed: true);

        Step("v3 (broken): upload, approve with the button, restart");
        await Upload(smp, v3);
        runner.PressButton();
        Say("(the owner pressed the button first; the switch request uses that press)");
        await smp.TestAsync(v3.Hash);
        await smp.ResetAsync();
        await WaitFor(async () => (await smp.ListAsync()).Any(s => s.Active && s.Version == "3.0.0"));
        device.AppThread?.Join(TimeSpan.FromSeconds(10));
        var status = await smp.StatusAsync();
        Expect(status.GetValueOrDefault("trial") is true, "v3 runs on trial and has not confirmed itself");
        Say("v3 failed at start and never confirmed itself");

        Step("restart: the device goes back to v2 (a restart that reverts a trial needs the owner too)");
        try
        {
            await smp.ResetAsync();
        }
        catch (SmpException e) when (e.Rc == 11)
        {
            Say($"the device answers: {e.Reason}");
            Say("(the owner presses the button on the device)");
            runner.PressButton();
        }

        await WaitFor(async () => (await smp.ListAsync()).Any(s => s.Active && s.Version != "3.0.0"));
        var slots = await smp.ListAsync();
        var active = slots.Single(s => s.Active);
        Expect(active.Version == "2.0.0" && active.Confirmed, $"v2 runs again and is confirmed (runs {active.Version})");
        Say("back on v2; v3 stays in the other slot, refused until it is uploaded again");
        foreach (var slot in slots)
        {
            Say($"slot {(slot.Slot == 0 ? 'A' : 'B')}: version {slot.Version}{(slot.Active ? ", active" : string.Empty)}{(slot.Confirmed ? ", confirmed" : string.Empty)}");
        }
    }

    private static (byte[] Image, byte[] Hash, string Version) Pack(SigningKey key, string dir, string flavor, string version, uint counter)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "demo-apps", flavor, "DemoApp.dll");
        if (!File.Exists(dll))
        {
            throw new CliException($"the demo app is missing ({dll}): run the demo from a clone with 'dotnet run --project tools/Fota.Cli -- demo'");
        }

        var body = new AppBundleBuilder(BundleRuntime.DotNet, "DemoApp.App.Start")
            .Add("DemoApp", new AssemblyVersion((int)counter, 0, 0, 0), File.ReadAllBytes(dll))
            .Build();
        var options = new ImageOptions { Version = ImageOptions.ParseVersion(version), SecurityCounter = counter, ProductId = "virtual-device" };
        var image = ImageBuilder.BuildSigned(body, options, key);
        File.WriteAllBytes(Path.Combine(dir, $"app-{flavor}.img"), image);
        return (image, ImageReader.Read(image).ComputedHash, version);
    }

    private async Task Upload(SmpDevice smp, (byte[] Image, byte[] Hash, string Version) app)
    {
        var result = await smp.UploadAsync(app.Image, window: 4, progress: null);
        Expect(result.Match == true, $"the device's copy of {app.Version} matches");
        Say($"uploaded {app.Version}: {app.Image.Length} bytes in {result.Elapsed.TotalMilliseconds:F0} ms, hash and signature verified by the device");
    }

    /// <summary>Asks the device until the condition holds (a restart takes a moment), for at most 10 s.</summary>
    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (var waited = 0; waited < 10_000 && !await condition(); waited += 100)
        {
            await Task.Delay(100);
        }
    }

    private async Task ExpectRunning(SmpDevice smp, FotaDevice.Host.VirtualDevice.VirtualDevice device, string version, bool confirmed)
    {
        await WaitFor(async () => (await smp.ListAsync()).Any(s => s.Active && s.Version == version && s.Confirmed == confirmed));
        var active = (await smp.ListAsync()).SingleOrDefault(s => s.Active);
        Expect(active?.Version == version, $"the device runs {version} (it runs {active?.Version ?? "nothing"})");
        Expect(active!.Confirmed == confirmed, $"{version} is {(confirmed ? "confirmed" : "not confirmed")}");
        Say($"the device runs {version}{(confirmed ? ", confirmed" : string.Empty)}");
    }

    private void Step(string what)
    {
        _out.WriteLine();
        _out.WriteLine($"== step {++_step}: {what}");
    }

    private void Say(string what) => _out.WriteLine($"   {what}");

    private void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new CliException($"demo failed at step {_step}: expected {what}");
        }

        _out.WriteLine($"   ok: {what}");
    }
}
