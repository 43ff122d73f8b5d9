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
        var state = new BootState { ConfirmedSlot = slot };
        state.SetKnownGood(slot, true);
        for (var copy = 0; copy < 2; copy++)
        {
            state.Sequence = (uint)(copy + 1);
            var record = new byte[BootRecordCodec.Size];
            BootRecordCodec.Encode(state, record);
            records[copy] = record;
        }
    }
}
