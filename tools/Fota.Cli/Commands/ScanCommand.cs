using System.Text.Json;
using FotaDevice.Host.Ble;

namespace FotaDevice.Cli.Commands;

/// <summary>fota scan: the SMP devices in range over BLE, through BlueZ.</summary>
public sealed class ScanCommand : Command
{
    public override string Name => "scan";

    public override string Summary => "list the SMP devices in range over BLE (BlueZ): name, address, signal strength";

    public override string Usage => "[--time SECONDS] [--json]";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("time", "SECONDS", "how long to listen (default 5)"),
        new("json", null, "print a JSON array: name, address, rssi, paired"),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var seconds = args.GetInt("time") ?? 5;
        if (seconds is < 1 or > 600)
        {
            throw new CliException("--time: 1 to 600 seconds", ExitCodes.Usage);
        }

        IReadOnlyList<BleDeviceInfo> devices;
        try
        {
            devices = BleScanner.ScanAsync(new BleOptions(), TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
        }
        catch (BleException e)
        {
            throw new CliException(e.Message);
        }

        if (args.Has("json"))
        {
            var entries = devices.Select(d => new { name = d.Name, address = d.Address, rssi = (int?)d.Rssi, paired = d.Paired });
            context.Out.WriteLine(JsonSerializer.Serialize(entries));
            return ExitCodes.Ok;
        }

        if (devices.Count == 0)
        {
            context.Out.WriteLine($"no SMP devices in range (listened {seconds} s)");
            return ExitCodes.Ok;
        }

        context.Out.WriteLine("name                 address            rssi  paired");
        foreach (var d in devices)
        {
            context.Out.WriteLine($"{d.Name ?? "?",-20} {d.Address,-18} {(d.Rssi is { } r ? $"{r}" : "?"),4}  {(d.Paired ? "yes" : "no")}");
        }

        context.Out.WriteLine($"update one with: fota upload APP.img --device ble:{devices[0].Name ?? devices[0].Address}");
        return ExitCodes.Ok;
    }
}
