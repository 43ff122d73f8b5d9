using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota reset: restart the device (it records the restart as its own: no approval window opens).</summary>
public sealed class ResetCommand : DeviceCommand
{
    public override int Order => 250;

    public override string Name => "reset";

    public override string Summary => "restart the device (an approved switch takes effect; no approval window opens)";

    protected override void DefineOptions(Command command)
    {
    }

    protected override async Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        await device.ResetAsync(context.Cancel);
        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(new { reset = true });
        }
        else
        {
            context.Out.WriteLine("the device restarts");
        }

        return ExitCodes.Ok;
    }
}
