using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using Xunit;
using static FotaDevice.Tests.Protocol.Groups.SmpRig;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>Every SMP command through the device's SMP server, over real signed images.</summary>
public sealed class SmpServerTests : IDisposable
{
    private readonly SmpRig _rig = SmpRig.Running();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void EchoReturnsTheText()
    {
        var reply = _rig.Request(SmpHeader.OpWrite, 0, 0, w => { w.WriteStartMap(1); w.WriteTextString("d"); w.WriteTextString("hello"); w.WriteEndMap(); });
        Assert.Equal("hello", reply["r"]);
        var missing = _rig.Request(SmpHeader.OpWrite, 0, 0, EmptyMap);
        Assert.Equal(SmpErrors.EINVAL, Rc(missing));
        Assert.Contains("\"d\"", Reason(missing));
    }

    [Fact]
    public void ParametersAndInfo()
    {
        var parameters = _rig.Request(SmpHeader.OpRead, 0, 6, EmptyMap);
        Assert.Equal(2048L, parameters["buf_size"]);
        Assert.Equal(1L, parameters["buf_count"]);
        var info = _rig.Request(SmpHeader.OpRead, 0, 7, w => { w.WriteStartMap(1); w.WriteTextString("format"); w.WriteTextString("sn"); w.WriteEndMap(); });
        Assert.Equal("nanoFramework fotadevice", info["output"]);
        var bad = _rig.Request(SmpHeader.OpRead, 0, 7, w => { w.WriteStartMap(1); w.WriteTextString("format"); w.WriteTextString("sZ"); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.EINVAL, Rc(bad));
        Assert.Contains("'Z'", Reason(bad));
    }

    [Fact]
    public void InfoPartsComeOnceInZephyrsOrderWhateverTheFormat()
    {
        string Info(string format) => (string)_rig.Request(SmpHeader.OpRead, 0, 7, w => { w.WriteStartMap(1); w.WriteTextString("format"); w.WriteTextString(format); w.WriteEndMap(); })["output"]!;
        Assert.Equal("nanoFramework fotadevice", Info("ns"));
        Assert.Equal("nanoFramework fotadevice", Info("nsnsnsns"));
        Assert.Equal(Info("snrvbmpio"), Info("a"));
        Assert.Equal("nanoFramework", Info(""));
        Assert.Equal("nanoFramework", (string)_rig.Request(SmpHeader.OpRead, 0, 7, EmptyMap)["output"]!);
    }

    [Fact]
    public void UploadStateTestPressResetTrialConfirm()
    {
        var v2 = _rig.Image("2.0.0", 2);
        var last = _rig.Upload(v2);
        Assert.Equal((long)v2.Length, last["off"]);
        Assert.Equal(true, last["match"]);

        var state = _rig.ImageList();
        Assert.Equal(2, state.Count);
        var b = state.Single(i => (long)i["slot"]! == 1);
        Assert.Equal("2.0.0", b["version"]);
        Assert.Equal(true, b["bootable"]);
        Assert.Equal(false, b["pending"]);
        var a = state.Single(i => (long)i["slot"]! == 0);
        Assert.Equal(true, a["active"]);
        Assert.Equal(true, a["confirmed"]);

        var hash = (byte[])b["hash"]!;
        Assert.Equal(ImageReader.Read(v2).ComputedHash, hash);
        var refused = _rig.StateWrite(hash, confirm: false);
        Assert.Equal(SmpErrors.EACCESSDENIED, Rc(refused));
        Assert.Contains("press the button on the device within 60 s", Reason(refused));

        _rig.Press(); // the owner, at the device
        b = _rig.ImageList().Single(i => (long)i["slot"]! == 1);
        Assert.Equal(true, b["pending"]);

        var reset = _rig.Request(SmpHeader.OpWrite, 0, 5, EmptyMap);
        Assert.Empty(reset);
        Assert.Equal(1, _rig.Reboots);
        Assert.True(_rig.Stored().SoftReboot);

        _rig.Start();
        Assert.Equal(1, _rig.Engine.RunningSlot);
        Assert.True(_rig.Engine.RunningOnTrial);
        _rig.Engine.ConfirmRunning(); // the app confirms itself
        Assert.Equal(true, _rig.ImageList().Single(i => (long)i["slot"]! == 1)["confirmed"]);
        Assert.False(_rig.Engine.RunningOnTrial);
    }

    [Fact]
    public void ASecondClientMidUploadIsBusy()
    {
        var v2 = _rig.Image("2.0.0", 2);
        var v3 = _rig.Image("3.0.0", 3);
        _rig.Chunk("phone", v2, 0, 500, first: true);
        var busy = _rig.Chunk("laptop", v3, 0, 500, first: true);
        Assert.Equal(SmpErrors.EBUSY, Rc(busy));
        Assert.Contains("another client", Reason(busy));
    }

    [Fact]
    public void UploadRefusalsNameTheProblem()
    {
        var v2 = _rig.Image("2.0.0", 2);
        Assert.Contains("\"len\"", Reason(_rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(2); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("data"); w.WriteByteString(v2.AsSpan(0, 100)); w.WriteEndMap(); })));
        Assert.Contains("\"off\" and \"data\"", Reason(_rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(1); w.WriteTextString("len"); w.WriteInt32(10); w.WriteEndMap(); })));

        var garbage = new byte[200];
        Assert.Contains("not an MCUboot image", Reason(_rig.Chunk("c", garbage, 0, 200, first: true)));

        var tooBig = _rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(3); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("len"); w.WriteInt32(1 << 30); w.WriteTextString("data"); w.WriteByteString(v2.AsSpan(0, 100)); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.ENOMEM, Rc(tooBig));

        var older = _rig.Image("0.9.0", 2);
        var refused = _rig.Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(5); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("len"); w.WriteInt32(older.Length); w.WriteTextString("upgrade"); w.WriteBoolean(true); w.WriteTextString("sha"); w.WriteByteString(SHA256.HashData(older)); w.WriteTextString("data"); w.WriteByteString(older.AsSpan(0, 300)); w.WriteEndMap(); });
        Assert.Contains("not newer than the running 1.0.0", Reason(refused));
        Assert.Equal(0, _rig.Slots[1].Length);
    }

    [Fact]
    public void OverBleSizedWritesAndFragments()
    {
        _rig.Transport.MaxFragment = 20; // ATT MTU 23
        var request = _rig.Frame(SmpHeader.OpRead, 1, 0, EmptyMap);
        for (var i = 0; i < request.Length; i += 20)
        {
            _rig.Server.Receive("ble", request, i, Math.Min(20, request.Length - i));
        }

        Assert.All(_rig.Transport.Fragments, f => Assert.True(f.Length <= 20));
        var images = Images(Decode(_rig.Transport.Fragments.SelectMany(f => f).ToArray()));
        Assert.Single(images);
    }

    [Fact]
    public void UnknownGroupsAndCommandsAreNotSupported()
    {
        Assert.Equal(SmpErrors.ENOTSUP, Rc(_rig.Request(SmpHeader.OpRead, 9, 0, EmptyMap)));
        Assert.Equal(SmpErrors.ENOTSUP, Rc(_rig.Request(SmpHeader.OpRead, 0, 42, EmptyMap)));
        Assert.Equal(SmpErrors.ENOTSUP, Rc(_rig.Request(SmpHeader.OpWrite, FotaGroup.Id, 0, EmptyMap)));
    }

    [Fact]
    public void TheFotaGroupReportsApprovalAndUpdateState()
    {
        var v2 = _rig.Image("2.0.0", 2);
        _rig.Chunk("c", v2, 0, 400, first: true);
        var status = _rig.Status();
        Assert.Equal("either", status["policy"]);
        Assert.Equal(0L, status["window_s"]);
        Assert.Equal(0L, status["running_slot"]);
        Assert.Equal(false, status["trial"]);
        Assert.Equal(400L, status["upload_off"]);
        Assert.Equal((long)v2.Length, status["upload_len"]);
        Assert.Equal(1L, status["security_counter"]);
        Assert.Equal(128L * 1024, status["slot_size"]);
    }

    [Fact]
    public void GarbageNeverThrowsAndChangesNothing()
    {
        var random = new Random(99);
        var slotA = _rig.Slots[0].Contents;
        var record0 = _rig.Records[0]?.ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var junk = new byte[random.Next(0, 80)];
            random.NextBytes(junk);
            if (i % 3 == 0 && junk.Length >= 8)
            {
                junk[0] = 2; // a write request header, random group/command/body
                junk[6] = 1;
            }

            _rig.Server.ReceiveDatagram("fuzz", junk, 0, junk.Length);
            _rig.Server.Receive("fuzz-stream", junk, 0, junk.Length);
        }

        Assert.Equal(slotA, _rig.Slots[0].Contents);
        Assert.Equal(0, _rig.Reboots);
        Assert.Equal(record0, _rig.Records[0]);
    }
}
