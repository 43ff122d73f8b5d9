namespace FotaDevice.Binary
{
    /// <summary>Little-endian integers in byte arrays (MCUboot headers and TLVs, the boot record).</summary>
    public static class LittleEndian
    {
        /// <summary>Reads an unsigned 16-bit integer.</summary>
        public static int ReadUInt16(byte[] data, int offset)
        {
            return data[offset] | (data[offset + 1] << 8);
        }

        /// <summary>Reads an unsigned 32-bit integer.</summary>
        public static uint ReadUInt32(byte[] data, int offset)
        {
            return (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));
        }

        /// <summary>Writes an unsigned 16-bit integer.</summary>
        public static void WriteUInt16(byte[] data, int offset, int value)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Writes an unsigned 32-bit integer.</summary>
        public static void WriteUInt32(byte[] data, int offset, uint value)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
            data[offset + 2] = (byte)(value >> 16);
            data[offset + 3] = (byte)(value >> 24);
        }
    }
}
