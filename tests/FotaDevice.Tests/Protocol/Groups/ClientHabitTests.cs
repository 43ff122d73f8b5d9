using System.Formats.Cbor;
using System.Security.Cryptography;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using Xunit;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>Requests encoded the way mcumgr, smpmgr/smpclient, mcumgr-web and nRF Connect Device Manager send them.</summary>
public sealed class ClientHabitTests : IDisposable
{
    private readonly SmpRig _rig = Running();

    public void Dispose() => _rig.Dispose();

    public static TheoryData<int, int, int> ReadCommands => new()
    {
        { SmpHeader.OpRead, 1, 0 },              // image state read (mcumgr-web sends no body)
        { SmpHeader.OpRead, 0, 6 },              // MCUmgr parameters
        { SmpHeader.OpRead, 0, 7 },              // OS info
        { SmpHeader.OpRead, FotaGroup.Id, 0 },   // our status
        { SmpHeader.OpWrite, 0, 5 },             // reset
    };

    [Theory]
    [MemberData(nameof(ReadCommands))]
    public void AnEmptyBodyIsTakenAsAnEmptyMap(int op, int group, int id)
    {
        var reply = _rig.Send(_rig.FrameOf(op, group, id, []));
        Assert.Equal(0, Rc(reply));
    }

    [Fact]
    public void AnEmptyBodyForACommandThatNeedsKeysGetsItsOwnReason()
    {
        var echo = _rig.Send(_rig.FrameOf(SmpHeader.OpWrite, 0, 0, []));
        Assert.Equal(SmpErrors.EINVAL, Rc(echo));
        Assert.Contains("\"d\"", Reason(echo));
    }

    [Fact]
    public void ConfirmWithAnEmptyOrNullHashConfirmsTheRunningImageSubjectToApproval()
    {
        Assert.Equal(0, Rc(_rig.StateWrite([], confirm: true)));               // confirmed already: nothing to approve
        var v2 = _rig.Image("2.0.0", 2);
        _rig.Upload(v2);
        _rig.StateWrite(HashOf(v2), confirm: false);
        _rig.Press();
        _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap);
        _rig.Start();
        Assert.True(_rig.Engine.RunningOnTrial);

        var empty = _rig.StateWrite([], confirm: true);                        // mcumgr image confirm ""
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(empty));
        var nullHash = _rig.Request(SmpHeader.OpWrite, 1, 0, w => { w.WriteStartMap(2); w.WriteTextString("hash"); w.WriteNull(); w.WriteTextString("confirm"); w.WriteBoolean(true); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(nullHash));                   // the same request, waiting already
        Assert.Equal("confirm-trial", _rig.Status()["waiting_action"]);
        _rig.Press();
        Assert.False(_rig.Engine.RunningOnTrial);
        Assert.Equal(2u, _rig.Stored().SecurityCounter);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(32)]
    public void AShaOfUpToThirtyTwoBytesNamesTheUploadAndResumesIt(int length)
    {
        var v2 = _rig.Image("2.0.0", 2);
        var sha = SHA256.HashData(v2)[..length];
        Dictionary<string, object?> First(object client) => _rig.Request(SmpHeader.OpWrite, 1, 1, w =>
        {
            w.WriteStartMap(4);
            w.WriteTextString("len");
            w.WriteInt32(v2.Length);
            w.WriteTextString("sha");
            w.WriteByteString(sha);
            w.WriteTextString("off");
            w.WriteInt32(0);
            w.WriteTextString("data");
            w.WriteByteString(v2.AsSpan(0, 500));
            w.WriteEndMap();
        }, client);

        Assert.Equal(500L, First("phone")["off"]);
        Assert.Equal(500L, First("phone-again")["off"]);                        // the same upload: resumed where it was
        var offset = 500;
        Dictionary<string, object?> reply;
        do
        {
            reply = _rig.Chunk("phone-again", v2, offset, Math.Min(700, v2.Length - offset), first: false);
            offset = (int)(long)reply["off"]!;
        }
        while (offset < v2.Length);

        Assert.Equal(length == 32, reply.ContainsKey("match"));
    }

    [Fact]
    public void AShaLongerThanThirtyTwoBytesIsRefusedWithAReason()
    {
        var reply = _rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(4); w.WriteTextString("len"); w.WriteInt32(100); w.WriteTextString("sha"); w.WriteByteString(new byte[33]); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("data"); w.WriteByteString(new byte[10]); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.EINVAL, Rc(reply));
        Assert.Contains("sha", Reason(reply));
    }

    [Fact]
    public void EveryErrorReplyHasAReason()
    {
        var frames = new[]
        {
            _rig.FrameOf(SmpHeader.OpRead, 9, 0, [0xA0]),                           // unknown group
            _rig.FrameOf(SmpHeader.OpRead, 0, 42, [0xA0]),                          // unknown command
            _rig.FrameOf(SmpHeader.OpWrite, FotaGroup.Id, 0, [0xA0]),               // unknown operation
            _rig.FrameOf(SmpHeader.OpRead, 1, 0, [0xBF, 0x61]),                     // malformed CBOR
            _rig.FrameOf(SmpHeader.OpWrite, 1, 0, [0xA1, 0x64, 0x68, 0x61, 0x73, 0x68, 0x01]), // "hash": 1
            _rig.FrameOf(SmpHeader.OpRead, 0, 6, [0xA0], version: 3),               // too new
        };
        var shortBody = _rig.FrameOf(SmpHeader.OpRead, 1, 0, [0xA0, 0xA0]);
        shortBody[3] = 1;                                                           // the length field says 1
        foreach (var frame in frames.Append(shortBody))
        {
            var reply = _rig.Send(frame);
            Assert.NotEqual(0, Rc(reply));
            Assert.False(string.IsNullOrEmpty(Reason(reply)), $"no reason for rc {Rc(reply)}");
        }
    }

    [Fact]
    public void ImageStateSaysWhyAnImageIsNotBootable()
    {
        var foreign = _rig.Image("2.0.0", 2, product: "another-board");
        _rig.Upload(foreign);
        var entry = _rig.ImageList().Single(i => (long)i["slot"]! == 1);
        Assert.Equal(false, entry["bootable"]);
        Assert.Contains("another-board", (string)entry["reason"]!);
        Assert.False(_rig.ImageList().Single(i => (long)i["slot"]! == 0).ContainsKey("reason"));
    }
}
