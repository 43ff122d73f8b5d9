namespace FotaDevice.Platform
{
    /// <summary>
    /// Storage for the two copies of the boot-state record (two small files on the ESP32).
    /// A write may be torn by a power cut; the record's checksum tells.
    /// </summary>
    public interface IRecordStore
    {
        /// <summary>
        /// Reads copy <paramref name="copy"/> (0 or 1) into the buffer; returns the bytes read, 0 if there
        /// is none or it cannot be read. Never throws: a copy that cannot be read is simply not valid.
        /// </summary>
        int Read(int copy, byte[] buffer, int offset, int count);

        /// <summary>Replaces copy <paramref name="copy"/> (0 or 1) with the given bytes, durably.</summary>
        void Write(int copy, byte[] data, int offset, int count);
    }
}
