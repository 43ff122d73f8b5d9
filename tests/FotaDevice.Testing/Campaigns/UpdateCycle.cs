using FotaDevice.Testing.Images;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;

namespace FotaDevice.Testing.Campaigns;

/// <summary>
/// The whole update cycle the power-cut campaign cuts: start; upload half of version 2; restart;
/// resume; test it (the owner presses); restart; trial boot; the app confirms; upload version 3;
/// switch to it for good; restart into it; upload version 4; erase it; upload version 5; test it;
/// restart; trial boot; restart without confirming; revert to version 3.
/// </summary>
internal sealed class UpdateCycle
{
    /// <summary>The upload chunk the owner's client sends.</summary>
    public const int Chunk = 1000;

    /// <summary>The owner's client.</summary>
    public const string Client = "owner";

    private static readonly ApprovalSettings Settings = new();
    private readonly CampaignImages _images;
    private readonly (string Phase, Action<CycleRun> Act)[] _steps;

    public UpdateCycle(CampaignImages images)
    {
        _images = images;
        _steps =
        [
            ("start", r => Boot(r)),
            ("upload", r => Upload(r, 2, stopAt: _images.Version(2).Length / 2)),
            ("restart", r => r.Engine.Reboot()),
            ("start", r => Boot(r)),
            ("resume", r => Upload(r, 2)),
            ("test", r => Approve(r, 2, permanent: false)),
            ("restart", r => r.Engine.Reboot()),
            ("trial boot", r => Boot(r)),
            ("confirm", r => r.Engine.ConfirmRunning()),
            ("upload", r => Upload(r, 3)),
            ("permanent switch", r => Approve(r, 3, permanent: true)),
            ("restart", r => r.Engine.Reboot()),
            ("permanent switch", r => Boot(r)),
            ("upload", r => Upload(r, 4)),
            ("erase", r => { r.Engine.Erase(Client, r.Engine.InactiveSlot); r.Device.Button.Press(); }),
            ("upload", r => Upload(r, 5)),
            ("test", r => Approve(r, 5, permanent: false)),
            ("restart", r => r.Engine.Reboot()),
            ("trial boot", r => Boot(r)),
            ("restart", r => r.Engine.Reboot()), // version 5 never confirms itself
            ("revert", r => Boot(r)),
        ];
    }

    /// <summary>A device with version 1 installed, ready for the cycle.</summary>
    public CycleRun NewRun(int seed) => new(_images, Settings, seed);

    /// <summary>Runs the cycle until it ends or the power goes; returns the phase the power went in.</summary>
    public string Run(CycleRun run)
    {
        foreach (var (phase, act) in _steps)
        {
            run.Phase = phase;
            try
            {
                act(run);
            }
            catch (PowerCutException)
            {
            }

            if (run.Device.Power.IsOff)
            {
                return phase;
            }
        }

        return "none";
    }

    /// <summary>Runs the cycle without cuts: the phase of each storage operation (index 1 on), after checking the cycle ends as it should.</summary>
    public string[] CountOperations()
    {
        var run = NewRun(0);
        var phases = new List<string> { "" };
        var counted = 0;
        foreach (var (phase, act) in _steps)
        {
            act(run);
            for (; counted < run.Device.Power.Operations; counted++)
            {
                phases.Add(phase);
            }
        }

        var state = run.Device.Stored();
        if (state == null || state.SecurityCounter != 3 || _images.MajorOf(run.Device.SlotContents(run.Device.Engine.RunningSlot)) != 3)
        {
            throw new InvalidOperationException("the cycle without cuts did not end on version 3 confirmed: " + string.Join(" | ", run.Device.Log.Lines));
        }

        // The checks take the campaign images as the ones that verify: each must, on the device's verifier.
        var probe = new CampaignDevice(Settings, 0);
        for (var major = 1; major <= 9; major++)
        {
            probe.Install(1, _images.Version(major));
            var verdict = probe.VerifyFresh(1);
            if (!verdict.Bootable)
            {
                throw new InvalidOperationException($"campaign image {major} does not verify: {verdict.Reason}");
            }
        }

        return phases.ToArray();
    }

    /// <summary>The owner's client sends version <paramref name="major"/> (up to <paramref name="stopAt"/> bytes); a cut leaves it in flight.</summary>
    private void Upload(CycleRun run, int major, int stopAt = -1)
    {
        run.InFlight = major;
        var reply = Uploads.Send(run.Engine, Client, _images.Version(major), Chunk, stopAt); // the engine answers a cut write with an error
        run.InFlight = reply.Complete && !run.Device.Power.IsOff ? 0 : major;
    }

    private static void Boot(CycleRun run)
    {
        run.Device.Start();
        run.Device.CloseWindow();
    }

    /// <summary>The owner asks for a switch to version <paramref name="major"/> and presses the button on the device.</summary>
    private void Approve(CycleRun run, int major, bool permanent)
    {
        run.Allowed.Add(major); // approved from here on, whether or not the switch is recorded before a cut
        run.Engine.Switch(CampaignImages.HashOf(_images.Version(major)), 0, permanent);
        run.Device.Button.Press();
    }
}
