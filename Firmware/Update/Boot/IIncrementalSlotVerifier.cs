namespace FotaDevice.Update.Boot
{
    /// <summary>
    /// A slot verifier that also checks an image as it arrives, fed with what reads back from the slot
    /// (so no step waits for a whole-image pass), and re-checks a slot whose verdict was sealed without
    /// hashing it again. One image streams at a time; <see cref="ISlotVerifier.Verify"/> may be called
    /// for any slot meanwhile.
    /// </summary>
    public interface IIncrementalSlotVerifier : ISlotVerifier
    {
        /// <summary>
        /// Refuses at once what the first chunk of an upload already shows to be wrong (not an image of
        /// this kind, a header that declares more than <paramref name="length"/>): the reason, or null.
        /// <paramref name="version"/> is the image's version when the chunk shows it, else null.
        /// </summary>
        string InspectStart(byte[] data, int offset, int count, int length, out FotaDevice.Image.ImageVersion version);

        /// <summary>Starts checking a new image; the next bytes fed are its first.</summary>
        void StartStream();

        /// <summary>The next bytes of the streamed image, as they read back from the slot.</summary>
        void Feed(byte[] data, int offset, int count);

        /// <summary>
        /// Once the whole image was fed: copies the SHA-256 of all of it (what an upload's "sha" names)
        /// into <paramref name="into"/> and returns true, without the signature check. False before, or
        /// when the image is malformed.
        /// </summary>
        bool CopyStreamFileHash(byte[] into, int offset);

        /// <summary>
        /// Ends the stream: the signature check (one verify) and the device's own checks; returns the
        /// verdict of the <paramref name="length"/> bytes fed.
        /// </summary>
        SlotVerdict FinishStream(int length);

        /// <summary>
        /// Checks slot <paramref name="slot"/> for a verdict sealed before (the image of
        /// <paramref name="length"/> bytes whose image hash is <paramref name="imageHash"/> verified):
        /// reads the header, the manifest and the TLV areas, not the rest of the body; hash and signature
        /// are not computed again, everything else is. Returns null when it cannot vouch for the slot
        /// (other length, other image hash, an unreadable part): the caller then verifies in full.
        /// </summary>
        SlotVerdict VerifySealed(int slot, byte[] imageHash, int length);
    }
}
