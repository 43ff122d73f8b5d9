namespace FotaDevice.Update.State
{
    /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): detects torn or corrupt records.</summary>
    internal static class Crc32
    {
        /// <summary>CRC-32 of a byte range. Bitwise: records are tens of bytes, a table would cost 1 KB of heap.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
                }
            }

            return ~crc;
        }
    }
}
