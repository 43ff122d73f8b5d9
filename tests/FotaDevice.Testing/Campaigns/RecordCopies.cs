using FotaDevice.Update.State;

namespace FotaDevice.Testing.Campaigns;

/// <summary>The two boot-record copies as the campaign reads them from storage, past the device's own code.</summary>
internal static class RecordCopies
{
    /// <summary>The state a copy holds, or null when it is not a valid record.</summary>
    public static BootState? Decode(byte[]? record)
    {
        var state = new BootState();
        return record != null && BootRecordCodec.TryDecode(record, record.Length, state) ? state : null;
    }

    /// <summary>True when two copies hold the same state (their sequence numbers apart) as far as the campaign's properties go.</summary>
    public static bool SameState(BootState a, BootState b) =>
        a.ConfirmedSlot == b.ConfirmedSlot && a.SecurityCounter == b.SecurityCounter && a.PendingSlot == b.PendingSlot
        && a.PendingPermanent == b.PendingPermanent && a.TrialSlot == b.TrialSlot;

    /// <summary>
    /// Flips one bit of the copy whose loss two copies must survive: either when both hold the same
    /// state, the older when they differ. False (nothing rotted) when only one copy is valid.
    /// </summary>
    public static bool Rot(CampaignDevice device, Random random)
    {
        var copies = CampaignDevice.RecordPaths.Select(p => Decode(device.Files.Contents(p))).ToArray();
        if (copies[0] is not { } first || copies[1] is not { } second)
        {
            return false;
        }

        var victim = SameState(first, second) ? random.Next(2) : first.Sequence < second.Sequence ? 0 : 1;
        device.Files.FlipBit(CampaignDevice.RecordPaths[victim], random.Next(BootRecordCodec.Size), random.Next(8));
        return true;
    }
}
