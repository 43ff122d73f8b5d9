namespace FotaDevice.Update.Boot
{
    /// <summary>Checks the image in a slot from what reads back from storage: hash and signature against the trusted keys.</summary>
    public interface ISlotVerifier
    {
        /// <summary>Checks slot <paramref name="slot"/>; never throws for a bad image.</summary>
        SlotVerdict Verify(int slot);
    }
}
