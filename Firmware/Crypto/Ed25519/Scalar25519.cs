namespace FotaDevice.Crypto.Ed25519
{
    /// <summary>
    /// Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493
    /// (RFC 8032 section 5.1): the canonical-S check, reduction of a 64-byte SHA-512 output,
    /// and signed sliding-window (width-5 NAF) recoding for the double-scalar multiplication.
    /// </summary>
    /// <remarks>
    /// Reduction works on 21-bit signed limbs in <c>long</c>: 252 = 12 * 21, so limb i >= 12 stands
    /// for limb * 2^(21 (i - 12)) * 2^252, and 2^252 = -c (mod L) with c = L - 2^252 (125 bits, six
    /// limbs). Folding the top limb subtracts limb * c six limbs lower; products stay below 2^44.
    /// It runs once per verification, so it is written for clarity rather than speed.
    /// </remarks>
    internal sealed class Scalar25519
    {
        /// <summary>Size of an encoded scalar.</summary>
        public const int Size = 32;

        /// <summary>Length of a NAF produced by <see cref="ToNaf"/>: one digit per bit plus room for the last carry.</summary>
        public const int NafLength = 257;

        /// <summary>Window width of the NAF: digits are odd, |digit| &lt; 2^(Width - 1).</summary>
        public const int Width = 5;

        private const int LimbBits = 21;
        private const long LimbMask = (1L << LimbBits) - 1;
        private const int WideLimbs = 25; // 25 * 21 = 525 >= 512

        // L, little-endian (RFC 8032 section 5.1).
        private static readonly byte[] OrderBytes =
        {
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        };

        // c = L - 2^252 = 0x14def9dea2f79cd65812631a5cf5d3ed in 21-bit limbs, least significant first.
        private static readonly long[] C = { 1430509, 1626855, 1442968, 997804, 1960495, 683900 };

        private readonly long[] _t = new long[WideLimbs + 1];

        /// <summary>True when the little-endian 32-byte scalar at <paramref name="offset"/> is below L.</summary>
        public static bool IsCanonical(byte[] s, int offset)
        {
            byte[] l = OrderBytes;
            for (int i = Size - 1; i >= 0; i--)
            {
                int a = s[offset + i];
                int b = l[i];
                if (a != b)
                {
                    return a < b;
                }
            }

            return false; // equal to L
        }

        /// <summary>
        /// Reduces the 64-byte little-endian integer at <paramref name="offset"/> modulo L and writes
        /// the 32-byte little-endian result at <paramref name="outputOffset"/>.
        /// </summary>
        public void Reduce(byte[] wide, int offset, byte[] output, int outputOffset)
        {
            long[] t = _t;
            for (int i = 0; i < WideLimbs; i++)
            {
                t[i] = ReadBits(wide, offset, 64, i * LimbBits);
            }

            t[WideLimbs] = 0;

            // Fold limbs 24 .. 12 down: t[i] 2^(21 i) = t[i] 2^(21 (i - 12)) 2^252 = -t[i] c 2^(21 (i - 12)).
            for (int i = WideLimbs - 1; i >= 12; i--)
            {
                long v = t[i];
                t[i] = 0;
                for (int j = 0; j < 6; j++)
                {
                    t[i - 12 + j] -= v * C[j];
                }

                // Carry through the limbs just touched, leaving the remainder in t[i - 1].
                for (int m = i - 12; m < i - 1; m++)
                {
                    long carry = t[m] >> LimbBits;
                    t[m] &= LimbMask;
                    t[m + 1] += carry;
                }
            }

            // Now value = t[0..11] with t[11] possibly out of range. Normalize so t[12] is the multiple
            // of 2^252, fold it once more, then at most one correction by L either way.
            Normalize(t);
            AddMultipleOfOrder(t, -t[12]);
            if (t[12] < 0)
            {
                AddMultipleOfOrder(t, 1);
            }
            else if (t[12] > 0)
            {
                // value = 2^252 + R: at least L exactly when R >= c; subtracting L goes negative otherwise.
                AddMultipleOfOrder(t, -1);
                if (t[12] < 0)
                {
                    AddMultipleOfOrder(t, 1);
                }
            }

            // 0 <= value < L: limbs 0..11 plus t[12] (0 or 1) at bit 252.
            long acc = 0;
            int bits = 0;
            int o = outputOffset;
            for (int i = 0; i <= 12; i++)
            {
                acc |= t[i] << bits;
                bits += LimbBits;
                while (bits >= 8 && o < outputOffset + Size)
                {
                    output[o++] = (byte)acc;
                    acc >>= 8;
                    bits -= 8;
                }
            }
        }

        /// <summary>
        /// Recodes the little-endian 32-byte scalar at <paramref name="offset"/> (below 2^255; in
        /// practice below L, so no digit above 253 is set) into <see cref="NafLength"/> signed digits, least significant first:
        /// scalar = sum naf[i] 2^i, each non-zero digit odd with |digit| &lt;= 15, and after a
        /// non-zero digit the next <see cref="Width"/> - 1 digits are zero.
        /// </summary>
        /// <remarks>
        /// Scanning up, at the first set bit (counting a pending carry) the next five bits plus the
        /// carry form an odd window w in [1, 31]. Taking w as the digit clears those five bits; taking
        /// w - 32 instead (when w &gt; 16) clears them and adds 32, a carry into the bit after the
        /// window. The recoded value therefore always equals the scalar.
        /// </remarks>
        public static void ToNaf(byte[] scalar, int offset, sbyte[] naf)
        {
            System.Array.Clear(naf, 0, NafLength);
            int carry = 0;
            int i = 0;
            while (i < NafLength)
            {
                int bit = Bit(scalar, offset, i) + carry;
                if (bit != 1)
                {
                    // 0: nothing here; 2: a zero here and the carry moves up one place.
                    carry = bit >> 1;
                    i++;
                    continue;
                }

                int window = carry;
                for (int b = 0; b < Width; b++)
                {
                    window += Bit(scalar, offset, i + b) << b;
                }

                if (window > 16)
                {
                    naf[i] = (sbyte)(window - 32);
                    carry = 1;
                }
                else
                {
                    naf[i] = (sbyte)window;
                    carry = 0;
                }

                i += Width;
            }
        }

        private static int Bit(byte[] s, int offset, int index)
        {
            if (index >= 8 * Size)
            {
                return 0;
            }

            return (s[offset + (index >> 3)] >> (index & 7)) & 1;
        }

        private static long ReadBits(byte[] s, int offset, int length, int bit)
        {
            long v = 0;
            int first = bit >> 3;
            for (int k = 0; k < 4; k++)
            {
                if (first + k < length)
                {
                    v |= (long)s[offset + first + k] << (8 * k);
                }
            }

            return (v >> (bit & 7)) & LimbMask;
        }

        // value += m L, then carry limbs 0..11 into t[12].
        private static void AddMultipleOfOrder(long[] t, long m)
        {
            for (int j = 0; j < 6; j++)
            {
                t[j] += m * C[j];
            }

            t[12] += m;
            Normalize(t);
        }

        // Carries limbs 0..11 into range [0, 2^21); the overflow accumulates in t[12].
        private static void Normalize(long[] t)
        {
            for (int m = 0; m < 12; m++)
            {
                long carry = t[m] >> LimbBits;
                t[m] &= LimbMask;
                t[m + 1] += carry;
            }
        }
    }
}
