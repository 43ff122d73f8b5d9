using FotaDevice.Testing.Images;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.State;

namespace FotaDevice.Testing.Campaigns;

/// <summary>One run of the cycle: the device, what the owner approved, what completed saves recorded.</summary>
internal sealed class CycleRun
{
    private readonly CampaignImages _images;

    public CycleRun(CampaignImages images, ApprovalSettings settings, int seed)
    {
        _images = images;
        Device = new CampaignDevice(settings, seed);
        Device.Install(0, images.Version(1));
        Device.Files.AfterWrite = Watch;
        DurableConfirmed = 1;
    }

    public CampaignDevice Device { get; }

    public UpdateEngine Engine => Device.Engine;

    public HashSet<int> Allowed { get; } = [1];

    public string Phase { get; set; } = "";

    /// <summary>The version an upload was sending when the power went (0: none).</summary>
    public int InFlight { get; set; }

    /// <summary>The counter both record copies held at the latest moment they agreed.</summary>
    public uint DurableCounter { get; private set; }

    /// <summary>The version of the confirmed image both copies named at the latest moment they agreed.</summary>
    public int DurableConfirmed { get; private set; }

    private void Watch(string path)
    {
        if (!CampaignDevice.RecordPaths.Contains(path))
        {
            return;
        }

        var a = RecordCopies.Decode(Device.Files.Contents(CampaignDevice.RecordPaths[0]));
        var b = RecordCopies.Decode(Device.Files.Contents(CampaignDevice.RecordPaths[1]));
        if (a == null || b == null || !RecordCopies.SameState(a, b))
        {
            return;
        }

        DurableCounter = Math.Max(DurableCounter, a.SecurityCounter);
        if (a.ConfirmedSlot != BootState.NoSlot)
        {
            DurableConfirmed = _images.MajorOf(Device.SlotContents(a.ConfirmedSlot));
        }
    }
}
