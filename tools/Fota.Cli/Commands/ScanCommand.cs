using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Ble;

namespace FotaDevice.Cli.Commands;

/// <summary>fota scan: the SMP devices in range over BLE, through BlueZ.</summary>
public sealed class ScanCommand : FotaCommand
{
    private readonly Option<int?> _time = Numbers.Option("--time", "how long to listen (default 5)", "SECONDS", 1);

    public override int Order => 205;

    public override string Name => "scan";

    public override string Summary => "list the SMP devices in range over BLE (BlueZ): name, address, signal strength";

    protected override void Define(Command command)
    {
        command.Options.Add(_time);
        command.Options.Add(CommonOptions.Json);
    }

    public override async Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var seconds = parse.GetValue(_time) ?? 5;
        if (seconds > 600)
        {
            throw new CliException("--time: 1 to 600 seconds", ExitCodes.Usage);
        }

        IReadOnlyList<BleDeviceInfo> devices;
        try
        {
            devices = await BleScanner.ScanAsync(new BleOptions(), TimeSpan.FromSeconds(seconds));
        }
        catch (BleException e)
        {
            throw new CliException(e.Message);
        }

        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(devices.Select(d => new ScanEntry(d.Name, d.Address, d.Rssi, d.Paired)).ToList());
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

    private sealed record ScanEntry(string? Name, string Address, int? Rssi, bool Paired);
}
