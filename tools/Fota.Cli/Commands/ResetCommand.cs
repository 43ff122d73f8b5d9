using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota reset: restart the device (it records the restart as its own: no approval window opens).</summary>
public sealed class ResetCommand : DeviceCommand
{
    public override string Name => "reset";

    public override string Summary => "restart the device (an approved switch takes effect; no approval window opens)";

    public override string Usage => "[--device udp:HOST:PORT|ble:NAME] [--passkey CODE]";

    public override IReadOnlyList<OptionSpec> Options { get; } = [DeviceOption, PasskeyOption];

    protected override async Task<int> RunAsync(SmpDevice device, Arguments args, CliContext context)
    {
        await device.ResetAsync();
        context.Out.WriteLine("the device restarts");
        return ExitCodes.Ok;
    }
}
