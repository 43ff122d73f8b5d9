using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota list: the images on the device, and why one is not bootable.</summary>
public sealed class ListCommand : DeviceCommand
{
    public override int Order => 220;

    public override string Name => "list";

    public override string Summary => "list the images on a device: version, hash, active, confirmed, pending, and why one is not bootable";

    protected override void DefineOptions(Command command)
    {
    }

    protected override async Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        var slots = await device.ListAsync(context.Cancel);
        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(new { images = SlotTable.Report(slots) });
        }
        else
        {
            SlotTable.Print(slots, context.Out);
        }

        return ExitCodes.Ok;
    }
}
