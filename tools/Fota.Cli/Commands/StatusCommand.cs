using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota status: approval and update state (FotaDevice's SMP group 64).</summary>
public sealed class StatusCommand : DeviceCommand
{
    public override string Name => "status";

    public override string Summary => "show the owner-approval state and what the device runs and has staged";

    public override string Usage => "[--device udp:HOST:PORT|ble:NAME] [--passkey CODE]";

    public override IReadOnlyList<OptionSpec> Options { get; } = [DeviceOption, PasskeyOption];

    protected override async Task<int> RunAsync(SmpDevice device, Arguments args, CliContext context)
    {
        var s = await device.StatusAsync();
        long Get(string key) => s.GetValueOrDefault(key) as long? ?? -1;
        string Slot(long slot) => slot switch { 0 => "A", 1 => "B", _ => "none" };
        var o = context.Out;
        o.WriteLine($"running        slot {Slot(Get("running_slot"))}{(s.GetValueOrDefault("trial") is true ? " (on trial: must confirm itself)" : string.Empty)}");
        o.WriteLine($"confirmed      slot {Slot(Get("confirmed_slot"))}");
        o.WriteLine($"pending        slot {Slot(Get("pending_slot"))}");
        o.WriteLine($"approval       policy {s.GetValueOrDefault("policy")}; power-on window {(Get("window_s") > 0 ? $"open, {Get("window_s")} s left" : "closed")}; button press {(Get("press_s") > 0 ? $"good for {Get("press_s")} s" : "none")}");
        if (Get("waiting_slot") >= 0)
        {
            o.WriteLine($"waiting        a switch to slot {Slot(Get("waiting_slot"))} waits for the button: press it within {Get("waiting_s")} s");
        }

        if (Get("upload_len") > 0)
        {
            o.WriteLine($"upload         {Get("upload_off")} of {Get("upload_len")} bytes");
        }

        o.WriteLine($"anti-rollback  security counter {Get("security_counter")}");
        return ExitCodes.Ok;
    }
}
