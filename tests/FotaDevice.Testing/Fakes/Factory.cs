using FotaDevice.Update.State;

namespace FotaDevice.Tests.Fakes;

/// <summary>
/// A device as it leaves the factory with its first app installed: the image in a slot and both
/// boot-record copies naming it as the confirmed image; its next start is a power-on. (An image in
/// a slot with no record is never started without the owner's approval: a first install is a switch
/// too.) Written past the power-cut plan, as test setup.
/// </summary>
public static class Factory
{
    public static void Install(MemorySlot[] slots, MemoryRecordStore records, int slot, byte[] image)
    {
        slots[slot].Load(image);
        var copies = Records(slot);
        records[0] = copies[0];
        records[1] = copies[1];
    }

    /// <summary>The two boot-record copies of a factory-fresh device whose confirmed (and known-good) image is in <paramref name="slot"/>.</summary>
    public static byte[][] Records(int slot)
    {
        var state = new BootState { ConfirmedSlot = slot };
        state.SetKnownGood(slot, true);
        var copies = new byte[2][];
        for (var copy = 0; copy < 2; copy++)
        {
            state.Sequence = (uint)(copy + 1);
            copies[copy] = new byte[BootRecordCodec.Size];
            BootRecordCodec.Encode(state, copies[copy]);
        }

        return copies;
    }
}
