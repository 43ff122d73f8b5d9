using FotaDevice.Platform;
using FotaDevice.Platform.Ble;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Testing.Campaigns;
using FotaDevice.Testing.Images;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update.Approval;

namespace FotaDevice.Testing.Fuzz;

/// <summary>Where the owner's update stands while the fuzzer's frames arrive.</summary>
public enum OwnerState
{
    /// <summary>Version 2 is in slot B, not switched to.</summary>
    ImageReady,

    /// <summary>The owner asked for a trial of version 2; it waits for the press, which never comes.</summary>
    RequestWaiting,

    /// <summary>Version 2 runs on trial from slot B; version 1 in slot A is the confirmed one to go back to.</summary>
    TrialRunning,
}

/// <summary>
/// The fuzzer's device: version 1 confirmed in slot A, a signed version 2 in slot B, in one of the
/// <see cref="OwnerState"/>s, the approval window closed and nobody at the button; its SMP server on
/// a datagram transport and, on the same update engine, behind the BLE link (<see cref="SmpGattLink"/>).
/// </summary>
internal sealed class FuzzDevice : IFuzzTarget
{
    private readonly CampaignImages _images = CampaignImages.Instance;

    public FuzzDevice(ApprovalSettings settings, int seed, OwnerState state, int mtu)
    {
        State = state;
        Mtu = mtu;
        Device = new CampaignDevice(settings, seed);
        Device.Install(0, _images.Version(1));
        Start();
        var reply = Uploads.Send(Device.Engine, "owner", _images.Version(2), 1000);
        Device.Engine.FinishChecks();
        if (!reply.Complete || !Device.Engine.SlotImage(1).Bootable)
        {
            throw new InvalidOperationException("the fuzz device's version 2 did not arrive: " + reply.Message);
        }

        if (state != OwnerState.ImageReady && Device.Engine.Switch(_images.ImageHash(2), 0, false) != Update.UpdateStatus.ApprovalRequired)
        {
            throw new InvalidOperationException("the owner's trial of version 2 does not wait for the press: " + Device.Engine.LastMessage);
        }

        if (state == OwnerState.TrialRunning)
        {
            Device.Button.Press();
            Device.Engine.Reboot();
            Start();
            if (!Device.Engine.RunningOnTrial)
            {
                throw new InvalidOperationException("version 2 does not run on trial: " + string.Join(" | ", Device.Log.Lines));
            }
        }

        Hashes = [_images.ImageHash(1), _images.ImageHash(2)];
    }

    /// <summary>Where the owner's update stands (it must stay there, whatever the fuzzer sends).</summary>
    public OwnerState State { get; }

    /// <summary>The ATT MTU the BLE client negotiates at each connection.</summary>
    public int Mtu { get; }

    /// <summary>The slot that must keep running.</summary>
    public int RunningSlot => State == OwnerState.TrialRunning ? 1 : 0;

    public CampaignDevice Device { get; }

    public SmpServer Datagrams { get; private set; } = null!;

    public SmpGattLink Link { get; private set; } = null!;

    /// <summary>What the datagram transport sent.</summary>
    public List<byte[]> Sent { get; } = [];

    /// <summary>What the BLE link notified.</summary>
    public List<byte[]> Notified { get; } = [];

    public byte[][] Hashes { get; }

    public byte[] Image => _images.Version(2);

    public int UploadOffset => Device.Engine.UploadedBytes;

    public byte[]? Challenge => Device.Engine.CodeChallenge();

    /// <summary>(Re)starts the device after its own restart: a new engine, new servers, a new link (as the ESP32 program does).</summary>
    public void Start()
    {
        var engine = Device.Start();
        Device.CloseWindow();
        var settings = new SmpServerSettings { Log = Device.Ring };
        Datagrams = new SmpServer(engine, settings, new Capture(Sent));
        Link = new SmpGattLink(new Capture(Notified), settings.BufferCount, settings.BufferSize, Device.Ring);
        Link.Attach(new SmpServer(engine, settings, Link));
        Link.OnMtuChanged(Mtu);
    }

    /// <summary>A transport and a GATT notifier that keep what they are given.</summary>
    private sealed class Capture(List<byte[]> into) : ISmpTransport, IGattNotifier
    {
        public void Send(object client, byte[] buffer, int offset, int count) => into.Add(buffer.AsSpan(offset, count).ToArray());

        public int MaxFragment(object client) => 4096;

        public bool Notify(byte[] data, int offset, int count)
        {
            into.Add(data.AsSpan(offset, count).ToArray());
            return true;
        }
    }
}
