using FotaDevice.Platform.Logging;
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

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// A device behind its SMP server, over real signed images, for tests that talk to it the way a
/// client on the link does: frames in, decoded replies out. Storage survives <see cref="Start"/>;
/// the engine, the server and the approval state do not.
/// </summary>
public sealed class SmpRig : IDisposable
{
    private readonly EcdsaTestSigner _signer = new();
    private int _sequence;

    public SmpRig(ApprovalSettings? settings = null, SmpServerSettings? server = null)
    {
        Settings = settings ?? new ApprovalSettings();
        Ring = new RingLog(48, Log);
        ServerSettings = server ?? new SmpServerSettings { Log = Ring };
    }

    /// <summary>The device's RAM log (served as group 65); every line also reaches <see cref="Log"/>.</summary>
    public RingLog Ring { get; }

    public MemorySlot[] Slots { get; } = { new(128 * 1024), new(128 * 1024) };

    public MemoryRecordStore Records { get; } = new();

    public FakeClock Clock { get; private set; } = new();

    public ListLog Log { get; } = new();

    public CapturingTransport Transport { get; } = new();

    public ApprovalSettings Settings { get; }

    public SmpServerSettings ServerSettings { get; }

    public int Reboots { get; private set; }

    public UpdateEngine Engine { get; private set; } = null!;

    public SmpServer Server { get; private set; } = null!;

    public BootPlan Plan { get; private set; } = null!;

    /// <summary>The owner's button: like the platform's, it outlives a start.</summary>
    public ApprovalButton Button { get; } = new();

    public void Dispose() => _signer.Dispose();

    /// <summary>A device that runs v1.0.0 (counter 1) from slot A, started by its own restart (window closed).</summary>
    public static SmpRig Running(ApprovalSettings? settings = null)
    {
        var rig = new SmpRig(settings);
        Factory.Install(rig.Slots, rig.Records, 0, rig.Image("1.0.0", 1));
        rig.Start();
        rig.CloseWindow();
        return rig;
    }

    /// <summary>Lets the power-on window run out (the start records that it lived past it).</summary>
    public void CloseWindow()
    {
        Clock.Advance(Settings.WindowMilliseconds + 10_000);
        Engine.Tick();
    }

    /// <summary>Starts the device (after a power-on or a restart the device recorded): the boot decision, then the engine and the server of this start.</summary>
    public void Start()
    {
        Clock = new FakeClock();
        var keys = new KeyRing();
        keys.Add(_signer.PublicKeyInfo);
        var verifier = new ImageSlotVerifier(Slots, keys, new DeviceIdentity("demo-board", BundleRuntime.NanoFramework, null!));
        var start = new DeviceStart(Slots, Records, verifier, Settings, Button, Clock, new Rebooter(this), Ring);
        Plan = start.Plan;
        Engine = start.Engine;
        Server = new SmpServer(Engine, ServerSettings, Transport);
    }

    /// <summary>The owner presses the button on the device.</summary>
    public void Press() => Button.Press();

    /// <summary>A signed image for this device's product.</summary>
    public byte[] Image(string version, uint counter, string product = "demo-board")
    {
        var bundle = new AppBundleBuilder(BundleRuntime.NanoFramework, "Demo.App.Start").Add("Demo.App", new AssemblyVersion(1, 0, 0, 0), new byte[3000]).Build();
        return ImageBuilder.BuildSigned(bundle, new ImageOptions { Version = ImageOptions.ParseVersion(version), SecurityCounter = counter, ProductId = product }, _signer);
    }

    public static byte[] HashOf(byte[] image) => ImageReader.Read(image).ComputedHash;

    /// <summary>Sends one request as a datagram and decodes the one reply.</summary>
    public Dictionary<string, object?> Request(int op, int group, int id, Action<CborWriter> body, object? client = null)
        => Send(Frame(op, group, id, body), client);

    /// <summary>Sends a whole frame as a datagram and decodes the one reply.</summary>
    public Dictionary<string, object?> Send(byte[] frame, object? client = null)
    {
        Transport.Fragments.Clear();
        Server.ReceiveDatagram(client ?? "client", frame, 0, frame.Length);
        return Decode(Transport.Fragments.SelectMany(f => f).ToArray());
    }

    /// <summary>An SMP version 2 frame around the body <paramref name="body"/> writes.</summary>
    public byte[] Frame(int op, int group, int id, Action<CborWriter> body)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        body(writer);
        return FrameOf(op, group, id, writer.Encode());
    }

    /// <summary>An SMP version 2 frame around an encoded body (which may be empty).</summary>
    public byte[] FrameOf(int op, int group, int id, byte[] payload, int version = SmpHeader.Version2)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)(op | (version << 3));
        frame[2] = (byte)(payload.Length >> 8);
        frame[3] = (byte)payload.Length;
        frame[4] = (byte)(group >> 8);
        frame[5] = (byte)group;
        frame[6] = (byte)_sequence++;
        frame[7] = (byte)id;
        payload.CopyTo(frame, 8);
        return frame;
    }

    public static Dictionary<string, object?> Decode(byte[] response)
    {
        if (response.Length < 8)
        {
            throw new InvalidOperationException("no reply");
        }

        if (response.Length - 8 != ((response[2] << 8) | response[3]))
        {
            throw new InvalidOperationException("the reply's length field does not match");
        }

        return FotaDevice.Host.Smp.SmpReply.ParseMap(response.AsMemory(8)); // the host client's decoder, on System.Formats.Cbor
    }

    public static void EmptyMap(CborWriter w)
    {
        w.WriteStartMap(0);
        w.WriteEndMap();
    }

    /// <summary>One upload chunk; the first one carries "image", "len" and "sha".</summary>
    public Dictionary<string, object?> Chunk(object client, byte[] image, int offset, int count, bool first) =>
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

    /// <summary>Uploads a whole image; returns the last reply.</summary>
    public Dictionary<string, object?> Upload(byte[] image, int chunk = 700, object? client = null)
    {
        client ??= "client";
        var reply = Chunk(client, image, 0, Math.Min(chunk, image.Length), first: true);
        while (reply.TryGetValue("off", out var off) && (long)off! < image.Length)
        {
            var offset = (int)(long)off!;
            reply = Chunk(client, image, offset, Math.Min(chunk, image.Length - offset), first: false);
        }

        return reply;
    }

    /// <summary>Image state write: test (confirm false) or confirm an image by hash; no hash, no "hash" key.</summary>
    public Dictionary<string, object?> StateWrite(byte[]? hash, bool confirm, object? client = null) =>
        Request(SmpHeader.OpWrite, 1, 0, w =>
        {
            w.WriteStartMap(hash == null ? 1 : 2);
            if (hash != null)
            {
                w.WriteTextString("hash");
                w.WriteByteString(hash);
            }

            w.WriteTextString("confirm");
            w.WriteBoolean(confirm);
            w.WriteEndMap();
        }, client);

    public List<Dictionary<string, object?>> ImageList() => Images(Request(SmpHeader.OpRead, 1, 0, EmptyMap));

    public Dictionary<string, object?> Status() => Request(SmpHeader.OpRead, FotaGroup.Id, 0, EmptyMap);

    public static List<Dictionary<string, object?>> Images(Dictionary<string, object?> reply) =>
        ((List<object?>)reply["images"]!).Cast<Dictionary<string, object?>>().ToList();

    public static int Rc(Dictionary<string, object?> reply) => reply.TryGetValue("rc", out var rc) ? Convert.ToInt32(rc) : 0;

    public static string Reason(Dictionary<string, object?> reply) => (string)reply["rsn"]!;

    public BootState Stored()
    {
        var state = new BootState();
        new BootStateStore(Records).Load(state);
        return state;
    }

    public sealed class CapturingTransport : ISmpTransport
    {
        public List<byte[]> Fragments { get; } = [];

        public int MaxFragment { get; set; } = 4096;

        public void Send(object client, byte[] buffer, int offset, int count) => Fragments.Add(buffer.AsSpan(offset, count).ToArray());

        int ISmpTransport.MaxFragment(object client) => MaxFragment;
    }

    private sealed class Rebooter(SmpRig rig) : IRebooter
    {
        public void Reboot() => rig.Reboots++;
    }
}
