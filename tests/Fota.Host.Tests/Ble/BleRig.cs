using FotaDevice.Host.Ble;
using FotaDevice.Host.Smp;
using FotaDevice.Host.Tests.Ble.StandIn;
using FotaDevice.Host.Tests.EndToEnd;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Host.Tests.Ble;

/// <summary>
/// A private dbus-daemon, the BlueZ stand-in on it, and virtual devices on its "radio"; the
/// process's DBUS_SYSTEM_BUS_ADDRESS points at that bus while the rig lives, so <c>fota</c> itself
/// finds the stand-in as it would find bluetoothd (the system bus is never touched).
/// </summary>
internal sealed class BleRig : IDisposable
{
    private readonly string? _previousBus;
    private readonly List<SmpPeripheral> _devices = [];

    private BleRig(PrivateBus bus, FakeBlueZ bluez)
    {
        Bus = bus;
        BlueZ = bluez;
        _previousBus = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", bus.Address);
    }

    public PrivateBus Bus { get; }

    public FakeBlueZ BlueZ { get; }

    public string Dir { get; } = Directory.CreateTempSubdirectory("fota-ble-").FullName;

    public EcdsaTestSigner Signer { get; } = new();

    public StringWriter Log { get; } = new();

    public static async Task<BleRig> StartAsync()
    {
        var bus = new PrivateBus();
        return new BleRig(bus, await FakeBlueZ.StartAsync(bus.Address));
    }

    /// <summary>A virtual device advertising the SMP service as <paramref name="name"/>.</summary>
    public SmpPeripheral AddDevice(string name, string address, int mtu = 247, uint? passkey = null, TimeSpan processingDelay = default, string[]? uuids = null, int bufferCount = 4, int queueLength = 16)
    {
        var log = new ConsoleLog(TextWriter.Synchronized(Log));
        var device = new FotaDevice.Host.VirtualDevice.VirtualDevice(
            new VirtualDeviceOptions { StateDirectory = Path.Combine(Dir, name), TrustedKeys = [Signer.PublicKeyInfo], SlotSize = 256 * 1024 },
            log);
        var peripheral = new SmpPeripheral(name, address, device, new SmpServerSettings { BufferCount = bufferCount, DeviceName = name, Log = device.Log }, queueLength)
        {
            Mtu = mtu,
            Passkey = passkey,
            ProcessingDelay = processingDelay,
            Uuids = uuids ?? [BlueZNames.SmpService],
        };
        _devices.Add(peripheral);
        BlueZ.Add(peripheral);
        return peripheral;
    }

    /// <summary>Short timeouts, so that failures show within the test's time.</summary>
    public BleOptions Options(string? passkey = null, int deviceQueue = BleOptions.DefaultDeviceQueue) => new()
    {
        BusAddress = Bus.Address,
        Passkey = passkey,
        ScanTimeout = TimeSpan.FromSeconds(3),
        ReconnectTimeout = TimeSpan.FromSeconds(3),
        ReplyTimeout = TimeSpan.FromSeconds(2),
        DeviceQueue = deviceQueue,
    };

    public async Task<(SmpDevice Device, BleSmpLink Link)> ConnectAsync(string target, BleOptions? options = null)
    {
        var link = await BleSmpLink.OpenAsync(BleTarget.Parse(target), options ?? Options());
        return (new SmpDevice(new SmpClient(link)), link);
    }

    public byte[] Image(string version, uint counter, int padding = 0, string flavor = "v2") =>
        DemoImages.Build(Signer, version, counter, padding: padding, flavor: flavor);

    /// <summary>Runs one fota command line; returns its exit code and what it printed.</summary>
    public (int Code, string Out, string Error) Fota(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = FotaDevice.Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", _previousBus);
        BlueZ.Dispose();
        foreach (var device in _devices)
        {
            device.Dispose();
        }

        Bus.Dispose();
        Signer.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
