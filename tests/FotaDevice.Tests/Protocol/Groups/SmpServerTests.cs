using System.Formats.Cbor;
using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Slots;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>Every SMP command through the device's SMP server, over real signed images.</summary>
public sealed class SmpServerTests : IDisposable
{
    private readonly EcdsaTestSigner _signer = new();
    private readonly MemorySlot[] _slots = { new(128 * 1024), new(128 * 1024) };
    private readonly MemoryRecordStore _records = new();
    private readonly FakeClock _clock = new();
    private readonly ListLog _log = new();
    private readonly Transport _transport = new();
    private int _reboots;
    private int _sequence;
    private UpdateEngine _engine = null!;
    private SmpServer _server = null!;

    public SmpServerTests()
    {
        _slots[0].Load(Image("1.0.0", 1));
        Start(powerOn: false);
        _clock.Advance(100_000); // the power-on window has closed
    }

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void EchoReturnsTheText()
    {
        var reply = Request(SmpHeader.OpWrite, 0, 0, w => { w.WriteStartMap(1); w.WriteTextString("d"); w.WriteTextString("hello"); w.WriteEndMap(); });
        Assert.Equal("hello", reply["r"]);
        var missing = Request(SmpHeader.OpWrite, 0, 0, w => { w.WriteStartMap(0); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.EINVAL, Error(missing));
        Assert.Contains("\"d\"", Reason(missing));
    }

    [Fact]
    public void ParametersAndInfo()
    {
        var parameters = Request(SmpHeader.OpRead, 0, 6, Empty);
        Assert.Equal(2048L, parameters["buf_size"]);
        Assert.Equal(1L, parameters["buf_count"]);
        var info = Request(SmpHeader.OpRead, 0, 7, w => { w.WriteStartMap(1); w.WriteTextString("format"); w.WriteTextString("sn"); w.WriteEndMap(); });
        Assert.Equal("nanoFramework fotadevice", info["output"]);
        var bad = Request(SmpHeader.OpRead, 0, 7, w => { w.WriteStartMap(1); w.WriteTextString("format"); w.WriteTextString("sZ"); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.EINVAL, Convert.ToInt32(bad["rc"]));
        Assert.Contains("'Z'", (string)bad["rsn"]!);
    }

    [Fact]
    public void UploadStateTestPressResetTrialConfirm()
    {
        var v2 = Image("2.0.0", 2);
        var last = Upload(v2, chunk: 700);
        Assert.Equal((long)v2.Length, last["off"]);
        Assert.Equal(true, last["match"]);

        var state = Images(Request(SmpHeader.OpRead, 1, 0, Empty));
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
        var refused = Request(SmpHeader.OpWrite, 1, 0, w => { w.WriteStartMap(2); w.WriteTextString("hash"); w.WriteByteString(hash); w.WriteTextString("confirm"); w.WriteBoolean(false); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.EACCESSDENIED, Convert.ToInt32(refused["rc"]));
        Assert.Contains("press the button on the device within 60 s", (string)refused["rsn"]!);

        _engine.ButtonPressed(); // the owner, at the device
        b = Images(Request(SmpHeader.OpRead, 1, 0, Empty)).Single(i => (long)i["slot"]! == 1);
        Assert.Equal(true, b["pending"]);

        var reset = Request(SmpHeader.OpWrite, 0, 5, Empty);
        Assert.Empty(reset);
        Assert.Equal(1, _reboots);
        Assert.True(Stored().SoftReboot);

        Start(powerOn: false);
        Assert.Equal(1, _engine.RunningSlot);
        Assert.True(_engine.RunningOnTrial);
        var confirmed = Images(Request(SmpHeader.OpWrite, 1, 0, w => { w.WriteStartMap(1); w.WriteTextString("confirm"); w.WriteBoolean(true); w.WriteEndMap(); }));
        Assert.Equal(true, confirmed.Single(i => (long)i["slot"]! == 1)["confirmed"]);
        Assert.False(_engine.RunningOnTrial);
    }

    [Fact]
    public void ASecondClientMidUploadIsBusy()
    {
        var v2 = Image("2.0.0", 2);
        var v3 = Image("3.0.0", 3);
        Chunk("phone", v2, 0, 500, first: true);
        var busy = Chunk("laptop", v3, 0, 500, first: true);
        Assert.Equal(SmpErrors.EBUSY, Convert.ToInt32(busy["rc"]));
        Assert.Contains("another client", (string)busy["rsn"]!);
    }

    [Fact]
    public void UploadRefusalsNameTheProblem()
    {
        var v2 = Image("2.0.0", 2);
        Assert.Contains("\"len\"", Reason(Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(2); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("data"); w.WriteByteString(v2.AsSpan(0, 100)); w.WriteEndMap(); })));
        Assert.Contains("\"off\" and \"data\"", Reason(Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(1); w.WriteTextString("len"); w.WriteInt32(10); w.WriteEndMap(); })));

        var garbage = new byte[200];
        Assert.Contains("not an MCUboot image", Reason(Chunk("c", garbage, 0, 200, first: true)));

        var tooBig = Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(3); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("len"); w.WriteInt32(1 << 30); w.WriteTextString("data"); w.WriteByteString(v2.AsSpan(0, 100)); w.WriteEndMap(); });
        Assert.Equal(SmpErrors.ENOMEM, Convert.ToInt32(tooBig["rc"]));

        var older = Image("0.9.0", 2);
        var refused = Request(SmpHeader.OpWrite, 1, 1, w => { w.WriteStartMap(5); w.WriteTextString("off"); w.WriteInt32(0); w.WriteTextString("len"); w.WriteInt32(older.Length); w.WriteTextString("upgrade"); w.WriteBoolean(true); w.WriteTextString("sha"); w.WriteByteString(SHA256.HashData(older)); w.WriteTextString("data"); w.WriteByteString(older.AsSpan(0, 300)); w.WriteEndMap(); });
        Assert.Contains("not newer than the running 1.0.0", Reason(refused));
        Assert.Equal(0, _slots[1].Length);
    }

    [Fact]
    public void OverBleSizedWritesAndFragments()
    {
        _transport.MaxFragment = 20; // ATT MTU 23
        var stream = new List<byte>();
        var request = Frame(SmpHeader.OpRead, 1, 0, Empty);
        for (var i = 0; i < request.Length; i += 20)
        {
            _server.Receive("ble", request, i, Math.Min(20, request.Length - i));
        }

        Assert.All(_transport.Fragments, f => Assert.True(f.Length <= 20));
        var images = Images(Decode(_transport.Fragments.SelectMany(f => f).ToArray()));
        Assert.Single(images);
    }

    [Fact]
    public void UnknownGroupsAndCommandsAreNotSupported()
    {
        Assert.Equal(SmpErrors.ENOTSUP, Convert.ToInt32(Request(SmpHeader.OpRead, 9, 0, Empty)["rc"]));
        Assert.Equal(SmpErrors.ENOTSUP, Convert.ToInt32(Request(SmpHeader.OpRead, 0, 42, Empty)["rc"]));
        Assert.Equal(SmpErrors.ENOTSUP, Convert.ToInt32(Request(SmpHeader.OpWrite, FotaGroup.Id, 0, Empty)["rc"]));
    }

    [Fact]
    public void TheFotaGroupReportsApprovalAndUpdateState()
    {
        var v2 = Image("2.0.0", 2);
        Chunk("c", v2, 0, 400, first: true);
        _engine.ButtonPressed();
        var status = Request(SmpHeader.OpRead, FotaGroup.Id, 0, Empty);
        Assert.Equal("either", status["policy"]);
        Assert.Equal(0L, status["window_s"]);
        Assert.Equal(60L, status["press_s"]);
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
        var slotA = _slots[0].Contents;
        var records = (_records[0]?.ToArray(), _records[1]?.ToArray());
        for (var i = 0; i < 3000; i++)
        {
            var junk = new byte[random.Next(0, 80)];
            random.NextBytes(junk);
            if (i % 3 == 0 && junk.Length >= 8)
            {
                junk[0] = 2; // a write request header, random group/command/body
                junk[6] = 1;
            }

            _server.ReceiveDatagram("fuzz", junk, 0, junk.Length);
            _server.Receive("fuzz-stream", junk, 0, junk.Length);
        }

        Assert.Equal(slotA, _slots[0].Contents);
        Assert.Equal(0, _reboots);
        Assert.Equal(records.Item1, _records[0]);
    }

    private Dictionary<string, object?> Upload(byte[] image, int chunk)
    {
        var reply = Chunk("client", image, 0, chunk, first: true);
        while ((long)reply["off"]! < image.Length)
        {
            var offset = (int)(long)reply["off"]!;
            reply = Chunk("client", image, offset, Math.Min(chunk, image.Length - offset), first: false);
        }

        return reply;
    }

    private Dictionary<string, object?> Chunk(object client, byte[] image, int offset, int count, bool first) =>
        Request(SmpHeader.OpWrite, 1, 1, w =>
        {
            w.WriteStartMap(first ? 5 : 2);
            if (first)
            {
                w.WriteTextString("image");
                w.WriteInt32(0);
                w.WriteTextString("len");
                w.WriteInt32(image.Length);
                w.WriteTextString("sha");
                w.WriteByteString(SHA256.HashData(image));
            }

            w.WriteTextString("off");
            w.WriteInt32(offset);
            w.WriteTextString("data");
            w.WriteByteString(image.AsSpan(offset, count));
            w.WriteEndMap();
        }, client);

    private static void Empty(CborWriter w)
    {
        w.WriteStartMap(0);
        w.WriteEndMap();
    }

    private Dictionary<string, object?> Request(int op, int group, int id, Action<CborWriter> body, object? client = null)
    {
        _transport.Fragments.Clear();
        var frame = Frame(op, group, id, body);
        _server.ReceiveDatagram(client ?? "client", frame, 0, frame.Length);
        return Decode(_transport.Fragments.SelectMany(f => f).ToArray());
    }

    private byte[] Frame(int op, int group, int id, Action<CborWriter> body)
    {
        var writer = new CborWriter();
        body(writer);
        var payload = writer.Encode();
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)(op | (SmpHeader.Version2 << 3));
        frame[2] = (byte)(payload.Length >> 8);
        frame[3] = (byte)payload.Length;
        frame[4] = (byte)(group >> 8);
        frame[5] = (byte)group;
        frame[6] = (byte)_sequence++;
        frame[7] = (byte)id;
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static Dictionary<string, object?> Decode(byte[] response)
    {
        Assert.True(response.Length >= 8, "no reply");
        Assert.Equal(response.Length - 8, (response[2] << 8) | response[3]);
        return FotaDevice.Host.Smp.SmpReply.ParseMap(response.AsMemory(8)); // the host client's decoder, on System.Formats.Cbor
    }

    private static List<Dictionary<string, object?>> Images(Dictionary<string, object?> reply) =>
        ((List<object?>)reply["images"]!).Cast<Dictionary<string, object?>>().ToList();

    private static int Error(Dictionary<string, object?> reply) => Convert.ToInt32(reply["rc"]);

    private static string Reason(Dictionary<string, object?> reply) => (string)reply["rsn"]!;

    private BootState Stored()
    {
        var state = new BootState();
        new BootStateStore(_records).Load(state);
        return state;
    }

    private void Start(bool powerOn)
    {
        var keys = new KeyRing();
        keys.Add(_signer.PublicKeyInfo);
        var verifier = new ImageSlotVerifier(_slots, keys, new DeviceIdentity("demo-board", BundleRuntime.NanoFramework, null!));
        var store = new BootStateStore(_records);
        var state = new BootState();
        var plan = new BootDecision(store, verifier, _log).Decide(state);
        var approval = new OwnerApproval(new ApprovalSettings(), _clock, powerOn && plan.PowerOn);
        _engine = new UpdateEngine(_slots, store, state, plan, verifier, approval, _clock, new Rebooter(this), _log);
        _server = new SmpServer(_engine, new SmpServerSettings(), _transport);
    }

    private byte[] Image(string version, uint counter)
    {
        var bundle = new AppBundleBuilder(BundleRuntime.NanoFramework, "Demo.App.Start").Add("Demo.App", new AssemblyVersion(1, 0, 0, 0), new byte[3000]).Build();
        return ImageBuilder.BuildSigned(bundle, new ImageOptions { Version = ImageOptions.ParseVersion(version), SecurityCounter = counter, ProductId = "demo-board" }, _signer);
    }

    private sealed class Transport : ISmpTransport
    {
        public List<byte[]> Fragments { get; } = [];

        public int MaxFragment { get; set; } = 4096;

        public void Send(object client, byte[] buffer, int offset, int count) => Fragments.Add(buffer.AsSpan(offset, count).ToArray());

        int ISmpTransport.MaxFragment(object client) => MaxFragment;
    }

    private sealed class Rebooter(SmpServerTests test) : IRebooter
    {
        public void Reboot() => test._reboots++;
    }
}
