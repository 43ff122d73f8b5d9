using FotaDevice.Host.Approval;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Testing.Campaigns;
using FotaDevice.Testing.Images;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;

namespace FotaDevice.Testing.Fuzz;

/// <summary>
/// The SMP fuzzer: structure-aware frames (<see cref="FrameGenerator"/>) over every command the
/// device serves, sent by turns as datagrams and as BLE writes through <see cref="Platform.Ble.SmpGattLink"/>
/// (split at the payload of an MTU of 23, 185, 247 or 517 bytes, or at random sizes), in batches of
/// <see cref="FramesPerBatch"/> against a fresh <see cref="FuzzDevice"/> (every other batch with an
/// owner code provisioned; by turns in each <see cref="OwnerState"/>). After each frame: nothing
/// escaped as an exception, the device answered as <see cref="ReplyOracle"/> says or stayed silent,
/// and it still runs what it ran (version 1 from slot A, or version 2 on trial from slot B), with
/// version 1 confirmed, counter 1, nothing pending; a restart it granted is carried out and must come
/// back the same. After each batch the same is read from storage, slot A still holds version 1 byte
/// for byte, and a trial's slot B still holds version 2.
/// </summary>
public sealed class SmpFuzzCampaign
{
    /// <summary>Frames sent to one device before a fresh one takes over.</summary>
    public const int FramesPerBatch = 1000;

    private static readonly int[] Mtus = [23, 185, 247, 517];
    private static readonly Lazy<StoredOwnerCode> Code = new(() => OwnerCodeKeys.Provision(OwnerCode.New()));

    /// <summary>The commands the device serves, by the names the report counts them under.</summary>
    public static IEnumerable<string> Commands => SmpCommand.Served.Select(c => c.Name);

    /// <summary>The ways frames are spoiled, by the names the report counts them under.</summary>
    public static IEnumerable<string> Mutations => FrameGenerator.Mutations.Select(m => m.Name);

    /// <summary>Sends <paramref name="frames"/> frames from <paramref name="seed"/> on.</summary>
    public CampaignReport Run(int frames, int seed)
    {
        var report = new CampaignReport();
        for (var batch = 0; batch * FramesPerBatch < frames; batch++)
        {
            RunBatch(new FuzzCase(seed, batch, Math.Min(FramesPerBatch, frames - batch * FramesPerBatch) - 1), report, null);
        }

        return report;
    }

    /// <summary>Runs the batch of <paramref name="last"/> up to its frame, telling <paramref name="trace"/> about each frame; returns the failure, or null.</summary>
    public string? Replay(FuzzCase last, TextWriter trace) => RunBatch(last, new CampaignReport(), trace);

    private static string? RunBatch(FuzzCase last, CampaignReport report, TextWriter? trace)
    {
        var withCode = last.Batch % 2 == 1;
        var settings = withCode ? new ApprovalSettings { Policy = ApprovalPolicy.Any, OwnerCode = Code.Value.ForDevice(), Random = new SeededRandomSource(last.BatchMix) } : new ApprovalSettings();
        var state = (OwnerState)(last.Batch / 2 % 3);
        var random = new Random(last.BatchMix);
        var mtu = Mtus[random.Next(Mtus.Length)];
        FuzzDevice target;
        try
        {
            target = new FuzzDevice(settings, last.BatchMix, state, mtu);
        }
        catch (InvalidOperationException e)
        {
            report.Fail(last.Id, "the device could not be set up: " + e.Message);
            return e.Message;
        }

        var generator = new FrameGenerator(random, target);
        report.Count("batches");
        report.Count(withCode ? "devices: with an owner code" : "devices: without an owner code");
        report.Count("owner's update: " + state);
        for (var index = 0; index <= last.Frame; index++)
        {
            var frame = generator.Next();
            var ble = random.Next(2) == 0;
            var split = random.Next(4) == 0 ? 1 + random.Next(mtu) : mtu - 3;
            var id = last with { Frame = index };
            if (random.Next(8) == 0)
            {
                target.Device.Clock.Advance(random.Next(20_000)); // time passes: uploads stall, waits and throttles run out
                target.Device.Engine.Tick();
            }

            var problem = Send(target, frame, ble, split, report);
            trace?.WriteLine($"frame {id.Id} ({(ble ? $"BLE writes of {split} bytes" : "datagram")}, {frame.Command}, {frame.Mutation}): {Convert.ToHexString(frame.Bytes)}");
            if (problem != null)
            {
                trace?.WriteLine("  log: " + string.Join(" | ", target.Device.Log.Lines.TakeLast(12)));
                report.Fail(id.Id, $"{frame.Command}, {frame.Mutation}, {(ble ? "BLE" : "datagram")}: {problem}");
                return problem;
            }
        }

        var stored = StoredProblem(target);
        if (stored != null)
        {
            report.Fail(last.Id, "at the end of the batch: " + stored);
        }

        return stored;
    }

    private static string? Send(FuzzDevice target, Frame frame, bool ble, int split, CampaignReport report)
    {
        report.Count("frames");
        report.Count(ble ? "path: BLE writes" : "path: datagrams");
        report.Count("command: " + frame.Command);
        report.Count("mutation: " + frame.Mutation);
        var reboots = target.Device.Reboots;
        target.Sent.Clear();
        target.Notified.Clear();
        string? problem;
        try
        {
            problem = ble ? SendWrites(target, frame.Bytes, split, report) : SendDatagram(target, frame.Bytes);
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name}: {e.Message}";
        }

        var replies = ble ? target.Notified : target.Sent;
        report.Count(replies.Count == 0 ? "answers: silent" : "answers: replied");
        if (problem == null && target.Device.Reboots != reboots)
        {
            report.Count("restarts the device made");
            target.Start();
            if (target.Device.Plan.RunSlot != target.RunningSlot)
            {
                return "after its restart the device runs slot " + target.Device.Plan.RunSlot;
            }
        }

        return problem ?? RunningProblem(target);
    }

    private static string? SendDatagram(FuzzDevice target, byte[] frame)
    {
        target.Datagrams.ReceiveDatagram("fuzz-udp", frame, 0, frame.Length);
        return ReplyOracle.CheckDatagram(frame, target.Sent);
    }

    private static string? SendWrites(FuzzDevice target, byte[] frame, int split, CampaignReport report)
    {
        var link = target.Link;
        var dropped = false;
        for (var at = 0; at < frame.Length; at += split)
        {
            dropped |= !link.OnWrite(frame, at, Math.Min(split, frame.Length - at));
        }

        while (link.ProcessOne())
        {
        }

        var partial = false;
        var problem = dropped ? null : ReplyOracle.CheckStream(frame, target.Notified, new SmpServerSettings().BufferSize, out partial);
        if (target.Notified.Any(n => n.Length > target.Mtu - 3))
        {
            problem ??= $"a notification longer than the MTU {target.Mtu} allows";
        }

        if (dropped || partial)
        {
            report.Count(dropped ? "BLE writes dropped (queue full)" : "BLE frames left unfinished (the client disconnects)");
            link.OnDisconnected();
            while (link.ProcessOne())
            {
            }
        }

        return problem;
    }

    /// <summary>What must hold after every frame, from the engine's RAM.</summary>
    private static string? RunningProblem(FuzzDevice target)
    {
        var engine = target.Device.Engine;
        if (engine.RunningSlot != target.RunningSlot || engine.RunningOnTrial != (target.State == OwnerState.TrialRunning) || !engine.IsConfirmed(0))
        {
            return $"the running image changed: slot {engine.RunningSlot}, trial {engine.RunningOnTrial}, confirmed A {engine.IsConfirmed(0)}";
        }

        if (engine.SecurityCounter != 1)
        {
            return "the security counter is " + engine.SecurityCounter;
        }

        return engine.IsPending(0) || engine.IsPending(1) ? "a switch is pending that nobody approved" : null;
    }

    /// <summary>What must hold at the end of a batch, from storage.</summary>
    private static string? StoredProblem(FuzzDevice target)
    {
        var state = target.Device.Stored();
        if (state == null)
        {
            return "no valid boot-record copy";
        }

        var trial = target.State == OwnerState.TrialRunning ? 1 : BootState.NoSlot;
        if (state.ConfirmedSlot != 0 || state.PendingSlot != BootState.NoSlot || state.TrialSlot != trial || state.SecurityCounter != 1)
        {
            return $"the stored state changed: confirmed {state.ConfirmedSlot}, pending {state.PendingSlot}, trial {state.TrialSlot}, counter {state.SecurityCounter}";
        }

        if (!target.Device.SlotContents(0).AsSpan().SequenceEqual(CampaignImages.Instance.Version(1)))
        {
            return "slot A no longer holds version 1";
        }

        return trial == 1 && !target.Device.SlotContents(1).AsSpan().SequenceEqual(CampaignImages.Instance.Version(2)) ? "the trial image in slot B was written" : null;
    }
}
