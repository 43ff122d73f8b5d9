using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota status: approval and update state (FotaDevice's SMP group 64).</summary>
public sealed class StatusCommand : DeviceCommand
{
    public override int Order => 260;

    public override string Name => "status";

    public override string Summary => "show the owner-approval state and what the device runs and has staged";

    protected override void DefineOptions(Command command)
    {
    }

    protected override async Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        var s = await device.StatusAsync(context.Cancel);
        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(s); // the device's keys, as docs/smp-fota-group.md describes them
            return ExitCodes.Ok;
        }

        long Get(string key) => s.GetValueOrDefault(key) as long? ?? -1;
        string Slot(long slot) => SlotTable.Name((int)slot);
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

        if (Get("slot_size") > 0)
        {
            o.WriteLine($"slot size      {Get("slot_size")} bytes");
        }

        o.WriteLine($"anti-rollback  security counter {Counters.Describe((uint)Math.Max(0, Get("security_counter")))}");
        return ExitCodes.Ok;
    }
}
