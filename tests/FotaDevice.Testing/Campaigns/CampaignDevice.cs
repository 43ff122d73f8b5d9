using FotaDevice.Platform;
using FotaDevice.Platform.Logging;
using FotaDevice.Platform.Storage;
using FotaDevice.Testing.Images;
using FotaDevice.Testing.Storage;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Slots;
using FotaDevice.Update.State;

namespace FotaDevice.Testing.Campaigns;

/// <summary>
/// A device as the ESP32 program builds it — the real <see cref="FileSlot"/>s and
/// <see cref="FileRecordStore"/> over a file system (here <see cref="FaultyFileSystem"/>, which can cut
/// the power under them), the real <see cref="ImageSlotVerifier"/> with the campaign's trusted keys,
/// and <see cref="DeviceStart"/> — whose RAM (adapters, engine, clock, approval) is lost at every
/// <see cref="Start"/> while its files stay.
/// </summary>
public sealed class CampaignDevice
{
    /// <summary>The size of each slot.</summary>
    public const int SlotSize = 64 * 1024;

    private const string Folder = "fota";
    private static readonly string[] SlotPaths = [Path.Combine(Folder, "slot-a.bin"), Path.Combine(Folder, "slot-b.bin")];

    public CampaignDevice(ApprovalSettings settings, int seed)
    {
        Settings = settings;
        Power = new PowerCutPlan(seed);
        Files = new FaultyFileSystem(Power);
        foreach (var path in SlotPaths)
        {
            Files.Put(path, []);
        }
    }

    /// <summary>The paths of the two boot-record copies (as <see cref="FileRecordStore"/> names them).</summary>
    public static readonly string[] RecordPaths = [Path.Combine(Folder, "boot-state-0.bin"), Path.Combine(Folder, "boot-state-1.bin")];

    public ApprovalSettings Settings { get; }

    public PowerCutPlan Power { get; }

    public FaultyFileSystem Files { get; }

    /// <summary>The owner's button (it outlives a start, as the platform's does).</summary>
    public ApprovalButton Button { get; } = new();

    public FakeClock Clock { get; private set; } = new();

    public ListLog Log { get; private set; } = new();

    /// <summary>The device's RAM log of this start (served as SMP group 65); every line also reaches <see cref="Log"/>.</summary>
    public RingLog Ring { get; private set; } = new(48, null!);

    public UpdateEngine Engine { get; private set; } = null!;

    public BootPlan Plan { get; private set; } = null!;

    /// <summary>Restarts the engine asked for (the caller starts the device again).</summary>
    public int Reboots { get; private set; }

    /// <summary>The factory installs <paramref name="image"/> as the confirmed image in <paramref name="slot"/>.</summary>
    public void Install(int slot, byte[] image)
    {
        Files.Put(SlotPaths[slot], image);
        var records = Factory.Records(slot);
        Files.Put(RecordPaths[0], records[0]);
        Files.Put(RecordPaths[1], records[1]);
    }

    /// <summary>Starts the device over what storage holds: new adapters, the boot decision, a new engine. A power-on unless the device recorded its own restart.</summary>
    public UpdateEngine Start()
    {
        Clock = new FakeClock();
        Log = new ListLog();
        Ring = new RingLog(48, Log);
        var slots = Slots();
        var verifier = new ImageSlotVerifier(slots, CampaignImages.Instance.Keys(), CampaignImages.Identity);
        var start = new DeviceStart(slots, new FileRecordStore(Files, Folder), verifier, Settings, Button, Clock, new Rebooter(this), Ring);
        Plan = start.Plan;
        Engine = start.Engine;
        return Engine;
    }

    /// <summary>Lets the power-on window run out; the engine records that this start lived past it.</summary>
    public void CloseWindow()
    {
        Clock.Advance(Settings.WindowMilliseconds + 1000);
        Engine.Tick();
    }

    /// <summary>The boot state as storage holds it (the newest valid copy), or null when neither copy is valid.</summary>
    public BootState? Stored()
    {
        var state = new BootState();
        return new BootStateStore(new FileRecordStore(Files, Folder)).Load(state) ? state : null;
    }

    /// <summary>What slot <paramref name="slot"/> holds.</summary>
    public byte[] SlotContents(int slot) => Files.Contents(SlotPaths[slot]) ?? [];

    /// <summary>A whole check of slot <paramref name="slot"/> by a verifier of its own, over what storage holds.</summary>
    public SlotVerdict VerifyFresh(int slot) => new ImageSlotVerifier(Slots(), CampaignImages.Instance.Keys(), CampaignImages.Identity).Verify(slot);

    /// <summary>The sealed check of slot <paramref name="slot"/> by a verifier of its own (null: the seal does not vouch for it).</summary>
    public SlotVerdict? VerifySealedFresh(int slot, byte[] imageHash, int length) =>
        new ImageSlotVerifier(Slots(), CampaignImages.Instance.Keys(), CampaignImages.Identity).VerifySealed(slot, imageHash, length);

    private ISlot[] Slots()
    {
        var block = new WriteBlock(FileSlot.DefaultBlockSize); // one write block for both slots, as on the device
        return [new FileSlot(Files, SlotPaths[0], SlotSize, block), new FileSlot(Files, SlotPaths[1], SlotSize, block)];
    }

    private sealed class Rebooter(CampaignDevice device) : IRebooter
    {
        public void Reboot() => device.Reboots++;
    }
}
