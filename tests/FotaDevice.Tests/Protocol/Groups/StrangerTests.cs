using System.Security.Cryptography;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;
using Xunit;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// Every request a stranger on the link can send, in every state of an owner's update, through the
/// SMP server as a client would send it. Whatever the stranger sends, nothing runs that the owner did
/// not approve, the confirmed image and the anti-rollback counter stay, an approved switch stays, a
/// trial stays a trial, the owner's upload can go on, and the owner's next press approves the owner's
/// request and nothing else. Each case runs on a device without an owner code (the defaults) and on
/// one with a code and every way of approving (policy Any), where the stranger, who does not know the
/// code, also guesses it. (What a stranger can still do is in docs/update-engine.md.)
/// </summary>
public sealed class StrangerTests
{
    private const string Stranger = "stranger";
    private const string Owner = "owner";

    public enum OwnerState
    {
        Idle,
        Uploading,
        ImageReady,
        RequestWaiting,
        SwitchApproved,
        TrialRunning,
        BlankDevice,
    }

    public static TheoryData<OwnerState, string, bool> Cases()
    {
        var data = new TheoryData<OwnerState, string, bool>();
        foreach (var state in Enum.GetValues<OwnerState>())
        {
            foreach (var request in Requests.Keys)
            {
                data.Add(state, request, false);
                data.Add(state, request, true);
            }
        }

        return data;
    }

    /// <summary>The requests, each as a stranger's client would send it (several frames for a whole upload).</summary>
    private static readonly Dictionary<string, Action<SmpRig, Images>> Requests = new()
    {
        ["echo"] = (r, _) => r.Request(SmpHeader.OpWrite, 0, 0, w => { w.WriteStartMap(1); w.WriteTextString("d"); w.WriteTextString("hi"); w.WriteEndMap(); }, Stranger),
        ["os reset"] = (r, _) => r.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, Stranger),
        ["os reset, empty body"] = (r, _) => r.Send(r.FrameOf(SmpHeader.OpWrite, 0, 5, []), Stranger),
        ["mcumgr parameters"] = (r, _) => r.Request(SmpHeader.OpRead, 0, 6, EmptyMap, Stranger),
        ["os info"] = (r, _) => r.Request(SmpHeader.OpRead, 0, 7, w => { w.WriteStartMap(1); w.WriteTextString("format"); w.WriteTextString("a"); w.WriteEndMap(); }, Stranger),
        ["image list"] = (r, _) => r.ImageList(),
        ["fota status"] = (r, _) => r.Status(),
        ["test the image in B"] = (r, _) => r.StateWrite(HashIn(r, 1) ?? new byte[32], confirm: false, Stranger),
        ["confirm the image in B"] = (r, _) => r.StateWrite(HashIn(r, 1) ?? new byte[32], confirm: true, Stranger),
        ["confirm the image in A"] = (r, _) => r.StateWrite(HashIn(r, 0) ?? new byte[32], confirm: true, Stranger),
        ["confirm the running image"] = (r, _) => r.StateWrite(null, confirm: true, Stranger),
        ["confirm with an empty hash"] = (r, _) => r.StateWrite([], confirm: true, Stranger),
        ["first chunk of another image"] = (r, i) => r.Chunk(Stranger, i.Stranger, 0, 700, first: true),
        ["first chunk too large for the slot"] = (r, i) => r.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(3); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("len"); w.WriteInt32(1 << 30); w.WriteTextString("data"); w.WriteByteString(i.Stranger.AsSpan(0, 100)); w.WriteEndMap(); }, Stranger),
        ["another image, whole"] = (r, i) => r.Upload(i.Stranger, client: Stranger),
        ["another image, whole, then test it"] = (r, i) => { r.Upload(i.Stranger, client: Stranger); r.StateWrite(HashOf(i.Stranger), confirm: false, Stranger); },
        ["another image, whole, then confirm it"] = (r, i) => { r.Upload(i.Stranger, client: Stranger); r.StateWrite(HashOf(i.Stranger), confirm: true, Stranger); },
        ["empty chunks for a minute"] = (r, i) =>
        {
            for (var t = 0; t < 3; t++)
            {
                r.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(2); w.WriteTextString("off"); w.WriteInt32(r.Slots[1].Length); w.WriteTextString("data"); w.WriteByteString([]); w.WriteEndMap(); }, Stranger);
                r.Clock.Advance(20_000);
            }
        },
        ["image erase"] = (r, _) => r.Request(SmpHeader.OpWrite, 1, 5, EmptyMap, Stranger),
        ["image erase slot 0"] = (r, _) => r.Request(SmpHeader.OpWrite, 1, 5, w => { w.WriteStartMap(1); w.WriteTextString("slot"); w.WriteInt32(0); w.WriteEndMap(); }, Stranger),
        ["image erase slot 1"] = (r, _) => r.Request(SmpHeader.OpWrite, 1, 5, w => { w.WriteStartMap(1); w.WriteTextString("slot"); w.WriteInt32(1); w.WriteEndMap(); }, Stranger),
        ["garbage"] = (r, _) => r.Server.ReceiveDatagram(Stranger, [2, 0, 0, 3, 0, 1, 9, 0, 0xBF, 0x61, 0x78], 0, 11),
        ["guess the owner code for a trial of B"] = (r, _) => Guess(r, ApprovalAction.Trial, HashIn(r, 1)),
        ["guess the owner code for a switch for good to B"] = (r, _) => Guess(r, ApprovalAction.Permanent, HashIn(r, 1)),
        ["guess the owner code to keep the running trial"] = (r, _) => Guess(r, ApprovalAction.ConfirmTrial, HashIn(r, r.Engine.RunningSlot)),
        ["guess the owner code to erase B, then erase"] = (r, _) => { Guess(r, ApprovalAction.Erase, HashIn(r, 1)); r.Request(SmpHeader.OpWrite, 1, 5, EmptyMap, Stranger); },
        ["guess the owner code for a reset, then reset"] = (r, _) => { Guess(r, ApprovalAction.Reset, null); r.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, Stranger); },
        ["a code of its own, 20 times, waiting out the throttle"] = (r, i) =>
        {
            for (var t = 0; t < 20; t++)
            {
                r.Clock.Advance((long)(r.Status()["code_wait_s"] ?? 0L) * 1000);
                OwnerCodes.Prove(r, ApprovalAction.Trial, HashIn(r, 1) ?? HashOf(i.Stranger), OwnerCodes.Wrong, Stranger);
                r.StateWrite(HashIn(r, 1) ?? new byte[32], confirm: false, Stranger);
            }
        },
        ["a proof without a challenge, for every action"] = (r, _) =>
        {
            foreach (var action in new[] { ApprovalAction.Trial, ApprovalAction.Permanent, ApprovalAction.ConfirmTrial, ApprovalAction.Erase, ApprovalAction.Reset })
            {
                r.Send(OwnerCodes.Frame(r, action, HashIn(r, 1) ?? new byte[32], new byte[16], new byte[32]), Stranger);
            }
        },
    };

    /// <summary>A stranger's guess: the outstanding challenge, a random proof.</summary>
    private static void Guess(SmpRig rig, ApprovalAction action, byte[]? hash)
    {
        var challenge = rig.Status()["challenge"] as byte[];
        rig.Send(OwnerCodes.Frame(rig, action, hash, challenge is { Length: 16 } ? challenge : new byte[16], RandomNumberGenerator.GetBytes(32)), Stranger);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AStrangersRequestChangesNothingTheOwnerReliesOn(OwnerState state, string request, bool withCode)
    {
        using var rig = Build(state, withCode ? OwnerCodes.Settings() : null, out var images);
        var before = rig.Stored();
        var slotA = rig.Slots[0].Contents;
        var reboots = rig.Reboots;

        Requests[request](rig, images);

        var after = rig.Stored();
        var what = $"{state} / {request} / {(withCode ? "with" : "without")} a code";
        Assert.True(after.SecurityCounter >= before.SecurityCounter, what + ": counter went down");
        Assert.Equal(before.ConfirmedSlot, after.ConfirmedSlot);
        if (before.ConfirmedSlot == 0)
        {
            Assert.Equal(slotA, rig.Slots[0].Contents);
        }

        Assert.Equal(before.TrialSlot, after.TrialSlot);                  // a trial stays a trial
        Assert.Equal(before.PendingSlot, after.PendingSlot);              // no switch appears, an approved one stays
        Assert.Equal(before.PendingPermanent, after.PendingPermanent);
        Assert.Equal(before.SecurityCounter, after.SecurityCounter);
        bool harmlessReset = state is OwnerState.Idle or OwnerState.ImageReady or OwnerState.BlankDevice or OwnerState.SwitchApproved;
        Assert.True(rig.Reboots == reboots || harmlessReset, what + ": the device restarted");

        if (state == OwnerState.Uploading)
        {
            var next = rig.Chunk(Owner, images.Owner, 700, 700, first: false);
            Assert.NotEqual(SmpErrors.EBUSY, Rc(next));
        }

        if (state == OwnerState.RequestWaiting)
        {
            rig.Press(); // the owner presses for the request they made
            var pending = rig.Stored().PendingSlot;
            Assert.True(pending == BootState.NoSlot || rig.Slots[pending].Contents.AsSpan().SequenceEqual(images.Owner), what + ": the press approved another image");
            Assert.False(rig.Stored().PendingPermanent, what + ": the press approved a switch for good");
        }

        // The device restarts (its own restart): it runs only what the owner approved.
        rig.Engine.Reboot();
        rig.Start();
        var running = rig.Engine.RunningSlot;
        if (state == OwnerState.BlankDevice)
        {
            Assert.Equal(BootState.NoSlot, running);
        }
        else
        {
            var content = rig.Slots[running].Contents;
            Assert.True(content.AsSpan().SequenceEqual(images.V1) || content.AsSpan().SequenceEqual(images.Owner), what + ": runs an image the owner never approved");
        }
    }

    private static SmpRig Build(OwnerState state, ApprovalSettings? settings, out Images images)
    {
        SmpRig rig;
        if (state == OwnerState.BlankDevice)
        {
            rig = new SmpRig(settings);
            rig.Start();
            rig.CloseWindow();
        }
        else
        {
            rig = Running(settings);
        }

        images = new Images(rig.Slots[0].Contents, rig.Image("5.0.0", 5), rig.Image("2.0.0", 2)); // signatures are randomized: v1 is what the slot holds
        switch (state)
        {
            case OwnerState.Uploading:
                rig.Chunk(Owner, images.Owner, 0, 700, first: true);
                break;
            case OwnerState.ImageReady:
                rig.Upload(images.Owner, client: Owner);
                break;
            case OwnerState.RequestWaiting:
                rig.Upload(images.Owner, client: Owner);
                Assert.Equal(SmpErrors.EACCESSDENIED, Rc(rig.StateWrite(HashOf(images.Owner), confirm: false, Owner)));
                break;
            case OwnerState.SwitchApproved:
                rig.Upload(images.Owner, client: Owner);
                rig.StateWrite(HashOf(images.Owner), confirm: false, Owner);
                rig.Press();
                Assert.Equal(1, rig.Stored().PendingSlot);
                break;
            case OwnerState.TrialRunning:
                rig.Upload(images.Owner, client: Owner);
                rig.StateWrite(HashOf(images.Owner), confirm: false, Owner);
                rig.Press();
                rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap, Owner);
                rig.Start();
                Assert.True(rig.Engine.RunningOnTrial);
                break;
        }

        return rig;
    }

    private static byte[]? HashIn(SmpRig rig, int slot) =>
        (byte[]?)rig.ImageList().FirstOrDefault(i => (long)i["slot"]! == slot)?.GetValueOrDefault("hash");

    public sealed record Images(byte[] V1, byte[] Owner, byte[] Stranger);
}
