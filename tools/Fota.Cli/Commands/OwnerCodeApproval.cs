using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Smp;
using FotaDevice.Update.Approval;

namespace FotaDevice.Cli.Commands;

/// <summary>--code CODE of fota test / confirm: prove the printed owner code for the switch about to be asked for.</summary>
public static class OwnerCodeApproval
{
    /// <summary>The option.</summary>
    public static Option<string?> Create() =>
        new("--code") { Description = "the owner code printed on the device: approve with it instead of the button", HelpName = "CODE" };

    /// <summary>
    /// Proves <paramref name="typed"/> for what the switch will ask: a trial of <paramref name="hash"/>, a switch
    /// for good to it, or (hash null, or the running image's) keeping the running trial.
    /// </summary>
    public static async Task ProveAsync(SmpDevice device, string typed, bool permanent, byte[]? hash, CliContext context)
    {
        var code = CodeCommand.Parse(typed);
        var slots = await device.ListAsync(context.Cancel);
        var running = slots.FirstOrDefault(s => s.Active);
        var keepsRunning = hash == null || (running != null && running.Hash.AsSpan().SequenceEqual(hash));
        if (keepsRunning && !permanent)
        {
            return; // a test of the running image changes nothing and needs no approval
        }

        var action = keepsRunning ? ApprovalAction.ConfirmTrial : permanent ? ApprovalAction.Permanent : ApprovalAction.Trial;
        var target = keepsRunning ? running?.Hash ?? throw new CliException("no image is running: nothing to confirm") : hash;
        var seconds = await device.ProveOwnerCodeAsync(code, action, target, context.Cancel);
        context.Note($"owner code accepted: {ApprovalActionNames.Name(action)} approved for {seconds} s");
    }
}
