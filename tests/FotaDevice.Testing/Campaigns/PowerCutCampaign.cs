using FotaDevice.Testing.Images;
using FotaDevice.Testing.Storage;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.State;

namespace FotaDevice.Testing.Campaigns;

/// <summary>
/// Cuts the power at every storage operation of a whole update cycle — upload, restart, resume, test,
/// trial boot, confirm, upload, permanent switch, upload, erase, upload, test, trial boot, revert —
/// run over the real file adapters, the real verifier and real signed images
/// (<see cref="CampaignDevice"/>), with each <see cref="Tear"/> and each <see cref="CutFollowUp"/>.
/// After every cut the device must start a verified image the owner let run; its security counter
/// must not be below what a completed boot-record save held, nor its confirmed image older; no
/// record copy may hold a seal for content its slot does not hold; and a newer image must still go
/// through a whole update.
/// </summary>
/// <remarks>
/// Record rot hits, while the power is off, a boot-record copy whose loss the two-copy design must
/// survive: either copy when both hold the same state, the older one when they differ (a save was
/// cut between its two writes). When the cut left only one valid copy, a rotted bit there would be a
/// second fault in the same record, which two copies cannot survive: the bit then rots after the
/// recovery start has written both copies again, and the device starts once more.
/// </remarks>
public sealed class PowerCutCampaign
{
    private readonly CampaignImages _images = CampaignImages.Instance;
    private readonly UpdateCycle _cycle = new(CampaignImages.Instance);
    private string[]? _phaseOf;

    /// <summary>Storage operations in one whole cycle (a run without cuts counts them).</summary>
    public int Operations => PhaseOf.Length - 1;

    /// <summary>The cycle's phase each storage operation belongs to (index 1..<see cref="Operations"/>).</summary>
    public string[] PhaseOf => _phaseOf ??= _cycle.CountOperations();

    /// <summary>Every cut point of one seed: each operation × each tear × each follow-up.</summary>
    public IEnumerable<CutPoint> AllPoints(int seed) =>
        from operation in Enumerable.Range(1, Operations)
        from tear in Enum.GetValues<Tear>()
        from followUp in Enum.GetValues<CutFollowUp>()
        select new CutPoint(seed, operation, tear, followUp);

    /// <summary>
    /// <paramref name="count"/> cut points from <paramref name="seed"/> on: every point of one seed after
    /// another (the last one partly), or, when fewer than one seed's worth, a random sample of the first.
    /// </summary>
    public IEnumerable<CutPoint> Points(int count, int seed)
    {
        var perSeed = Operations * Enum.GetValues<Tear>().Length * Enum.GetValues<CutFollowUp>().Length;
        if (count < perSeed)
        {
            var random = new Random(seed);
            return AllPoints(seed).OrderBy(_ => random.Next()).Take(count).OrderBy(p => p.Operation).ToList();
        }

        return Enumerable.Range(seed, (count + perSeed - 1) / perSeed).SelectMany(AllPoints).Take(count);
    }

    /// <summary>Runs every point; failures go into the report with their replay id.</summary>
    public CampaignReport Run(IEnumerable<CutPoint> points)
    {
        var report = new CampaignReport();
        foreach (var point in points)
        {
            var problem = Check(point, report);
            if (problem != null)
            {
                report.Fail(point.Id, problem);
            }
        }

        return report;
    }

    /// <summary>Runs one cut point; null when every property held, else what did not (with the device's log).</summary>
    public string? Check(CutPoint point, CampaignReport report)
    {
        var run = _cycle.NewRun(point.Mix);
        try
        {
            return Cut(run, point, report);
        }
        catch (Exception e) when (e is not PowerCutException)
        {
            return $"threw {e.GetType().Name}: {e.Message} | log: {string.Join(" | ", run.Device.Log.Lines)}";
        }
    }

    private string? Cut(CycleRun run, CutPoint point, CampaignReport report)
    {
        var device = run.Device;
        var random = new Random(point.Mix);
        device.Files.Tear = point.Tear;
        device.Power.CutAt = point.Operation;
        var phase = _cycle.Run(run);
        if (!device.Power.IsOff)
        {
            return $"operation {point.Operation} was never reached (the cycle has {Operations})";
        }

        report.Count("cut points");
        report.Count("tear: " + point.Tear);
        report.Count("follow-up: " + point.FollowUp);
        report.Count("phase: " + phase);
        device.Power.Restore();
        var rotLater = false;
        if (point.FollowUp == CutFollowUp.RecordRot)
        {
            rotLater = !RecordCopies.Rot(device, random);
            report.Count(rotLater ? "record rot: after the recovery start (the cut left one valid copy)" : "record rot: while the power was off");
        }

        var problem = SealsMatchTheSlots(device, "after the cut");
        if (problem != null)
        {
            return problem;
        }

        if (point.FollowUp == CutFollowUp.SecondCut)
        {
            device.Files.Tear = Enum.GetValues<Tear>()[random.Next(4)];
            device.Power.CutAt = 1 + random.Next(4); // a start's boot decision saves the record once: 4 operations
            device.Start();
            report.Count(device.Power.IsOff ? "second cuts during the recovery start" : "second cuts not reached");
            device.Power.Restore();
        }

        var engine = device.Start();
        if (rotLater)
        {
            if (Recovered(run, engine) is { } early)
            {
                return early;
            }

            RecordCopies.Rot(device, random);
            engine = device.Start();
        }

        return Recovered(run, engine) ?? ResumeInterrupted(run, report) ?? StillUpdatable(run);
    }

    /// <summary>The device after the cut(s): a verified image it was allowed to run, the counter and the confirmed image not set back, seals only over their content.</summary>
    private string? Recovered(CycleRun run, UpdateEngine engine)
    {
        var device = run.Device;
        var plan = device.Plan;
        var log = " | log: " + string.Join(" | ", device.Log.Lines);
        if (plan.Image == null || !plan.Image.Bootable)
        {
            return "no verified image runs" + log;
        }

        var running = _images.MajorOf(device.SlotContents(plan.RunSlot)); // campaign images are exactly the ones that verify
        if (running == 0)
        {
            return $"runs slot {plan.RunSlot}, which holds no whole signed image ({device.VerifyFresh(plan.RunSlot).Reason ?? "it verifies, but is no campaign image"})" + log;
        }

        if (!run.Allowed.Contains(running))
        {
            return $"runs version {running}, which the owner never approved" + log;
        }

        var state = device.Stored();
        if (state == null)
        {
            return "no valid boot-record copy after the start" + log;
        }

        if (state.SecurityCounter < run.DurableCounter)
        {
            return $"security counter {state.SecurityCounter}, below the {run.DurableCounter} a completed save held" + log;
        }

        var confirmed = state.ConfirmedSlot == BootState.NoSlot ? 0 : _images.MajorOf(device.SlotContents(state.ConfirmedSlot));
        if (confirmed != run.DurableConfirmed && !(run.Allowed.Contains(confirmed) && confirmed > run.DurableConfirmed))
        {
            return $"the confirmed image is version {confirmed}, a completed save held version {run.DurableConfirmed}" + log;
        }

        if (engine.RunningSlot != plan.RunSlot)
        {
            return "the engine runs another slot than the boot decision chose" + log;
        }

        return SealsMatchTheSlots(device, "after the recovery start");
    }

    /// <summary>A newer image still goes through a whole update: upload, approval, trial, confirmation.</summary>
    private string? StillUpdatable(CycleRun run)
    {
        var device = run.Device;
        var engine = device.Engine;
        device.CloseWindow();
        if (engine.RunningOnTrial && engine.ConfirmRunning() != UpdateStatus.Ok)
        {
            return "the running trial cannot confirm itself: " + engine.LastMessage;
        }

        var v9 = _images.Version(9);
        var reply = Uploads.Send(engine, "later", v9, 4000);
        if (reply.Status != UpdateStatus.Ok || !reply.Complete || !reply.Match)
        {
            return $"a newer image cannot be uploaded: {reply.Message}";
        }

        var asked = engine.Switch(CampaignImages.HashOf(v9), 0, false);
        if (asked == UpdateStatus.ApprovalRequired)
        {
            device.Button.Press();
        }

        if (!engine.IsPending(engine.InactiveSlot))
        {
            return "a newer image cannot be switched to: " + engine.LastMessage;
        }

        engine.Reboot();
        engine = device.Start();
        engine.ConfirmRunning();
        var state = device.Stored();
        return _images.MajorOf(device.SlotContents(engine.RunningSlot)) == 9 && state != null && state.SecurityCounter == 9 && state.ConfirmedSlot == engine.RunningSlot
            ? null
            : "the newer image did not become the confirmed one | log: " + string.Join(" | ", device.Log.Lines);
    }

    /// <summary>
    /// No record copy holds a seal for content its slot does not hold (a seal lets a start skip the
    /// hash): a seal of the slot's length is over exactly the campaign image it names, or the sealed
    /// check (what a start from the seal reads) refuses the slot.
    /// </summary>
    private string? SealsMatchTheSlots(CampaignDevice device, string when)
    {
        foreach (var path in CampaignDevice.RecordPaths)
        {
            var state = RecordCopies.Decode(device.Files.Contents(path));
            for (var slot = 0; state != null && slot < 2; slot++)
            {
                var content = device.SlotContents(slot);
                if (!state.IsSealed(slot) || state.SealLength(slot) != content.Length)
                {
                    continue; // a seal vouches only for a slot of its length
                }

                var hash = new byte[32];
                state.CopySealHash(slot, hash, 0);
                var major = _images.MajorOf(content);
                if ((major == 0 || !_images.ImageHash(major).AsSpan().SequenceEqual(hash)) && device.VerifySealedFresh(slot, hash, content.Length) != null)
                {
                    return $"{path} seals slot {slot} for content it does not hold (a start from the seal would run it), {when}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The owner's client sends again the image a cut interrupted: the device resumes where its slot
    /// ends, or starts over. A torn block can leave stored bytes that are not the image's; the hash
    /// must then catch it (no match, not bootable) and the next attempt, which starts over, must match.
    /// </summary>
    private string? ResumeInterrupted(CycleRun run, CampaignReport report)
    {
        if (run.InFlight == 0)
        {
            return null;
        }

        var engine = run.Engine;
        var image = _images.Version(run.InFlight);
        var reply = Uploads.Send(engine, UpdateCycle.Client, image, UpdateCycle.Chunk);
        if (reply.Status == UpdateStatus.Ok && reply.Complete && reply.Match)
        {
            report.Count("interrupted uploads sent again: matched");
            return null;
        }

        if (reply.Status != UpdateStatus.Ok || !reply.Complete)
        {
            return $"the interrupted upload of version {run.InFlight} cannot be sent again: {reply.Message}";
        }

        if (engine.SlotImage(engine.InactiveSlot).Bootable)
        {
            return $"the interrupted upload of version {run.InFlight} did not match, yet its slot is bootable";
        }

        report.Count("interrupted uploads sent again: torn bytes caught by the hash, matched at the next attempt");
        reply = Uploads.Send(engine, UpdateCycle.Client, image, UpdateCycle.Chunk);
        return reply.Complete && reply.Match ? null : $"version {run.InFlight} does not match at the attempt after a caught tear: {reply.Message}";
    }


}
