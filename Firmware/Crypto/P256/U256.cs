namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Plain 256-bit unsigned integers as uint[8], least significant limb first: reading
    /// big-endian bytes, comparing, testing for zero.
    /// </summary>
    internal static class U256
    {
        /// <summary>Reads 32 big-endian bytes from <paramref name="src"/> at <paramref name="offset"/> into r.</summary>
        internal static void FromBigEndian(uint[] r, byte[] src, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                r[i] = ((uint)src[offset] << 24) | ((uint)src[offset + 1] << 16) | ((uint)src[offset + 2] << 8) | src[offset + 3];
                offset += 4;
            }
        }

        /// <summary>Returns -1, 0 or 1 as a is less than, equal to or greater than b.</summary>
        internal static int Compare(uint[] a, uint[] b)
        {
            for (int i = 7; i >= 0; i--)
            {
                if (a[i] != b[i])
                {
                    return a[i] < b[i] ? -1 : 1;
                }
            }

            return 0;
        }

        /// <summary>True when a is 0.</summary>
        internal static bool IsZero(uint[] a)
        {
            return (a[0] | a[1] | a[2] | a[3] | a[4] | a[5] | a[6] | a[7]) == 0;
        }

        /// <summary>r = a + b mod 2^256; returns the carry out (0 or 1).</summary>
        internal static uint Add(uint[] r, uint[] a, uint[] b)
        {
            ulong x = 0;
            for (int i = 0; i < 8; i++)
            {
                x += (ulong)a[i] + b[i];
                r[i] = (uint)x;
                x >>= 32;
            }

            return (uint)x;
        }

        /// <summary>r = a - b mod 2^256; returns the borrow out (0 or 1).</summary>
        internal static uint Sub(uint[] r, uint[] a, uint[] b)
        {
            long x = 0;
            for (int i = 0; i < 8; i++)
            {
                x += (long)a[i] - b[i];
                r[i] = (uint)x;
                x >>= 32;
            }

            return (uint)-x;
        }

        /// <summary>a = a / 2, with <paramref name="topBit"/> (0 or 1) shifted in as bit 255.</summary>
        internal static void ShiftRight1(uint[] a, uint topBit)
        {
            for (int i = 0; i < 7; i++)
            {
                a[i] = (a[i] >> 1) | (a[i + 1] << 31);
            }

            a[7] = (a[7] >> 1) | (topBit << 31);
        }
    }
}
