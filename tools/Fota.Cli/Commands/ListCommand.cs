using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota list: the images on the device.</summary>
public sealed class ListCommand : DeviceCommand
{
    public override string Name => "list";

    public override string Summary => "list the images on a device: version, hash, active, confirmed, pending";

    public override string Usage => "[--device udp:HOST:PORT|ble:NAME] [--passkey CODE]";

    public override IReadOnlyList<OptionSpec> Options { get; } = [DeviceOption, PasskeyOption];

    protected override async Task<int> RunAsync(SmpDevice device, Arguments args, CliContext context)
    {
        PrintSlots(await device.ListAsync(), context.Out);
        return ExitCodes.Ok;
    }
}
