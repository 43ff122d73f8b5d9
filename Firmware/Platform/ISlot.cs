namespace FotaDevice.Platform
{
    /// <summary>
    /// One application slot: persistent storage of a fixed capacity that is erased, then written
    /// from the start without gaps (a file on the ESP32's <c>I:</c> drive, a file or memory on the
    /// virtual device). The written length survives a reboot, so an interrupted upload can resume.
    /// </summary>
    public interface ISlot
    {
        /// <summary>The most bytes the slot can hold.</summary>
        int Capacity { get; }

        /// <summary>Bytes written since the last erase.</summary>
        int Length { get; }

        /// <summary>Empties the slot (<see cref="Length"/> becomes 0).</summary>
        void Erase();

        /// <summary>
        /// Appends <paramref name="count"/> bytes at <paramref name="offset"/>, which must equal
        /// <see cref="Length"/>. A slot may gather appends before it writes them (a file slot writes
        /// whole flash blocks): what a power cut finds is a prefix of what was appended, at least what
        /// was there at the last <see cref="Flush"/>.
        /// </summary>
        void Append(int offset, byte[] data, int dataOffset, int count);

        /// <summary>Makes every byte appended so far durable now (nothing to do for a slot that writes at once).</summary>
        void Flush();

        /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="offset"/>; returns how many were read.</summary>
        int Read(int offset, byte[] buffer, int bufferOffset, int count);
    }
}
