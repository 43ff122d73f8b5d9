namespace FotaDevice.Binary
{
    /// <summary>Comparisons of byte ranges.</summary>
    public static class Bytes
    {
        /// <summary>True if the two ranges of <paramref name="count"/> bytes are equal (and both inside their arrays).</summary>
        public static bool Equal(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            if (a == null || b == null || aOffset < 0 || bOffset < 0 || count < 0
                || aOffset > a.Length - count || bOffset > b.Length - count)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True if every byte of the range is zero.</summary>
        public static bool IsZero(byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (data[offset + i] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
