using System;

namespace FotaDevice.Crypto.Ed25519
{
    /// <summary>
    /// Arithmetic modulo p = 2^255 - 19 on field elements held as <c>long[10]</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Representation: ten signed limbs in radix 2^25.5. Limb i sits at bit ceil(25.5 i)
    /// (0, 26, 51, 77, 102, 128, 153, 179, 204, 230); even limbs hold 26 bits, odd limbs 25.
    /// Because 2^255 = 19 (mod p), a product term that lands at or above bit 255 folds back into the
    /// low limbs times 19; two odd limbs multiply to a position one bit above the limb grid, hence
    /// an extra factor 2.
    /// </para>
    /// <para>
    /// Why this and not eight 32-bit limbs: on the nanoFramework interpreter the cost is the count
    /// of IL instructions, not the width of the multiply. With 25/26-bit limbs every product is
    /// below 2^54 and a whole column of ten products (times 2 and 19) fits a signed 64-bit
    /// accumulator, so a product term is four instructions (load, load, mul, add) and carries are
    /// propagated once per multiplication. With 32-bit limbs each 64-bit product would have to be
    /// split into halves and carried separately, roughly three to four times the instructions per
    /// term, which outweighs having 64 products instead of 100. Radix 2^25.5 also makes the
    /// reduction a multiply by 19 with no shifts.
    /// </para>
    /// <para>
    /// Bounds (the caller keeps them): <see cref="Mul"/> and <see cref="Square"/> take limbs up to
    /// about 2^27 in magnitude, that is "carried" elements (their own outputs, <see cref="Carry"/>
    /// output, <see cref="FromBytes"/> output) or one <see cref="Limbs10.Add"/> or <see cref="Limbs10.Sub"/> of
    /// carried elements; with a factor bound F on one input and G on the other in units of 2^26,
    /// F * G up to 7 is safe (the worst column is 267 products of 2^52 F G, below 2^63). Their
    /// outputs are carried: limbs in [0, 2^26) except limb 1, which may be off by a small carry.
    /// Those sums and differences are not carried.
    /// </para>
    /// </remarks>
    internal static class Field25519
    {
        /// <summary>Number of limbs of a field element.</summary>
        public const int Limbs = 10;

        private const long Mask26 = 0x3ffffff;
        private const long Mask25 = 0x1ffffff;

        /// <summary>h = f * g. Any of the three may be the same array.</summary>
        public static void Mul(long[] h, long[] f, long[] g)
        {
            long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
            long g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];
            long k19 = 19, m26 = Mask26, m25 = Mask25; // locals: one instruction each, where a long constant takes two
            long g1x19 = k19 * g1, g2x19 = k19 * g2, g3x19 = k19 * g3, g4x19 = k19 * g4, g5x19 = k19 * g5;
            long g6x19 = k19 * g6, g7x19 = k19 * g7, g8x19 = k19 * g8, g9x19 = k19 * g9;
            long f1x2 = f1 << 1, f3x2 = f3 << 1, f5x2 = f5 << 1, f7x2 = f7 << 1, f9x2 = f9 << 1;

            long h0 = f0 * g0 + f1x2 * g9x19 + f2 * g8x19 + f3x2 * g7x19 + f4 * g6x19 + f5x2 * g5x19 + f6 * g4x19 + f7x2 * g3x19 + f8 * g2x19 + f9x2 * g1x19;
            long h1 = f0 * g1 + f1 * g0 + f2 * g9x19 + f3 * g8x19 + f4 * g7x19 + f5 * g6x19 + f6 * g5x19 + f7 * g4x19 + f8 * g3x19 + f9 * g2x19;
            long h2 = f0 * g2 + f1x2 * g1 + f2 * g0 + f3x2 * g9x19 + f4 * g8x19 + f5x2 * g7x19 + f6 * g6x19 + f7x2 * g5x19 + f8 * g4x19 + f9x2 * g3x19;
            long h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9x19 + f5 * g8x19 + f6 * g7x19 + f7 * g6x19 + f8 * g5x19 + f9 * g4x19;
            long h4 = f0 * g4 + f1x2 * g3 + f2 * g2 + f3x2 * g1 + f4 * g0 + f5x2 * g9x19 + f6 * g8x19 + f7x2 * g7x19 + f8 * g6x19 + f9x2 * g5x19;
            long h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9x19 + f7 * g8x19 + f8 * g7x19 + f9 * g6x19;
            long h6 = f0 * g6 + f1x2 * g5 + f2 * g4 + f3x2 * g3 + f4 * g2 + f5x2 * g1 + f6 * g0 + f7x2 * g9x19 + f8 * g8x19 + f9x2 * g7x19;
            long h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9x19 + f9 * g8x19;
            long h8 = f0 * g8 + f1x2 * g7 + f2 * g6 + f3x2 * g5 + f4 * g4 + f5x2 * g3 + f6 * g2 + f7x2 * g1 + f8 * g0 + f9x2 * g9x19;
            long h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;

            h1 += h0 >> 26; h0 &= m26;
            h2 += h1 >> 25; h1 &= m25;
            h3 += h2 >> 26; h2 &= m26;
            h4 += h3 >> 25; h3 &= m25;
            h5 += h4 >> 26; h4 &= m26;
            h6 += h5 >> 25; h5 &= m25;
            h7 += h6 >> 26; h6 &= m26;
            h8 += h7 >> 25; h7 &= m25;
            h9 += h8 >> 26; h8 &= m26;
            h0 += (h9 >> 25) * k19; h9 &= m25;
            h1 += h0 >> 26; h0 &= m26;

            h[0] = h0;
            h[1] = h1;
            h[2] = h2;
            h[3] = h3;
            h[4] = h4;
            h[5] = h5;
            h[6] = h6;
            h[7] = h7;
            h[8] = h8;
            h[9] = h9;
        }

        /// <summary>
        /// h = f squared <paramref name="times"/> times in a row (f to the power 2^times); at least once.
        /// The limbs stay in locals between squarings. h and f may be the same array.
        /// </summary>
        public static void Square(long[] h, long[] f, int times)
        {
            long h0 = f[0], h1 = f[1], h2 = f[2], h3 = f[3], h4 = f[4], h5 = f[5], h6 = f[6], h7 = f[7], h8 = f[8], h9 = f[9];
            long k19 = 19, k38 = 38, m26 = Mask26, m25 = Mask25;
            do
            {
                long f0 = h0, f1 = h1, f2 = h2, f3 = h3, f4 = h4, f5 = h5, f6 = h6, f7 = h7, f8 = h8, f9 = h9;
                long f0x2 = f0 << 1, f1x2 = f1 << 1, f2x2 = f2 << 1, f3x2 = f3 << 1, f4x2 = f4 << 1, f5x2 = f5 << 1, f7x2 = f7 << 1;
                long f5x38 = k38 * f5, f6x38 = k38 * f6, f7x38 = k38 * f7, f8x38 = k38 * f8, f9x38 = k38 * f9;
                long f6x19 = k19 * f6, f8x19 = k19 * f8;

                h0 = f0 * f0 + f1x2 * f9x38 + f2 * f8x38 + f3x2 * f7x38 + f4 * f6x38 + f5 * f5x38;
                h1 = f0x2 * f1 + f2 * f9x38 + f3 * f8x38 + f4 * f7x38 + f5 * f6x38;
                h2 = f0x2 * f2 + f1x2 * f1 + f3x2 * f9x38 + f4 * f8x38 + f5x2 * f7x38 + f6 * f6x19;
                h3 = f0x2 * f3 + f1x2 * f2 + f4 * f9x38 + f5 * f8x38 + f6 * f7x38;
                h4 = f0x2 * f4 + f1x2 * f3x2 + f2 * f2 + f5x2 * f9x38 + f6 * f8x38 + f7 * f7x38;
                h5 = f0x2 * f5 + f1x2 * f4 + f2x2 * f3 + f6 * f9x38 + f7 * f8x38;
                h6 = f0x2 * f6 + f1x2 * f5x2 + f2x2 * f4 + f3x2 * f3 + f7x2 * f9x38 + f8 * f8x19;
                h7 = f0x2 * f7 + f1x2 * f6 + f2x2 * f5 + f3x2 * f4 + f8 * f9x38;
                h8 = f0x2 * f8 + f1x2 * f7x2 + f2x2 * f6 + f3x2 * f5x2 + f4 * f4 + f9 * f9x38;
                h9 = f0x2 * f9 + f1x2 * f8 + f2x2 * f7 + f3x2 * f6 + f4x2 * f5;

                h1 += h0 >> 26; h0 &= m26;
                h2 += h1 >> 25; h1 &= m25;
                h3 += h2 >> 26; h2 &= m26;
                h4 += h3 >> 25; h3 &= m25;
                h5 += h4 >> 26; h4 &= m26;
                h6 += h5 >> 25; h5 &= m25;
                h7 += h6 >> 26; h6 &= m26;
                h8 += h7 >> 25; h7 &= m25;
                h9 += h8 >> 26; h8 &= m26;
                h0 += (h9 >> 25) * k19; h9 &= m25;
                h1 += h0 >> 26; h0 &= m26;
            }
            while (--times > 0);

            h[0] = h0;
            h[1] = h1;
            h[2] = h2;
            h[3] = h3;
            h[4] = h4;
            h[5] = h5;
            h[6] = h6;
            h[7] = h7;
            h[8] = h8;
            h[9] = h9;
        }



        /// <summary>h = f.</summary>
        public static void Copy(long[] h, long[] f)
        {
            Array.Copy(f, h, Limbs);
        }

        /// <summary>h = the small non-negative integer <paramref name="value"/> (below 2^25).</summary>
        public static void Set(long[] h, int value)
        {
            Array.Clear(h, 0, Limbs);
            h[0] = value;
        }

        /// <summary>
        /// Propagates carries so the limbs are back in range (limb 1 may keep a small carry, as
        /// after <see cref="Mul"/>); the value is unchanged modulo p.
        /// </summary>
        public static void Carry(long[] h)
        {
            long c = 0;
            for (int i = 0; i < Limbs; i++)
            {
                long v = h[i] + c;
                if ((i & 1) == 0)
                {
                    c = v >> 26;
                    h[i] = v & Mask26;
                }
                else
                {
                    c = v >> 25;
                    h[i] = v & Mask25;
                }
            }

            long h0 = h[0] + (c * 19);
            h[0] = h0 & Mask26;
            h[1] += h0 >> 26;
        }

        /// <summary>
        /// Reads a 255-bit little-endian integer (the top bit of byte 31 is ignored, as RFC 8032
        /// encodings keep the sign of x there). The value may be up to 2^255 - 1, i.e. not reduced;
        /// callers that need a canonical encoding check it with <see cref="IsCanonical"/>.
        /// </summary>
        public static void FromBytes(long[] h, byte[] s, int offset)
        {
            h[0] = Load32(s, offset) & Mask26;
            h[1] = (Load32(s, offset + 3) >> 2) & Mask25;
            h[2] = (Load32(s, offset + 6) >> 3) & Mask26;
            h[3] = (Load32(s, offset + 9) >> 5) & Mask25;
            h[4] = (Load32(s, offset + 12) >> 6) & Mask26;
            h[5] = Load32(s, offset + 16) & Mask25;
            h[6] = (Load32(s, offset + 19) >> 1) & Mask26;
            h[7] = (Load32(s, offset + 22) >> 3) & Mask25;
            h[8] = (Load32(s, offset + 25) >> 4) & Mask26;
            h[9] = (Load32(s, offset + 28) >> 6) & Mask25;
        }

        /// <summary>
        /// True when the 255-bit little-endian integer at <paramref name="offset"/> (top bit of
        /// byte 31 ignored) is below p, i.e. it is the canonical encoding of its residue.
        /// The values from p to 2^255 - 1 are 0x7fff...ffed to 0x7fff...ffff.
        /// </summary>
        public static bool IsCanonical(byte[] s, int offset)
        {
            if ((s[offset + 31] & 0x7f) != 0x7f || s[offset] < 0xed)
            {
                return true;
            }

            for (int i = 1; i < 31; i++)
            {
                if (s[offset + i] != 0xff)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Writes the canonical 32-byte little-endian encoding of f (fully reduced into [0, p),
        /// top bit 0). f itself is not changed; <paramref name="t"/> is scratch (10 limbs).
        /// </summary>
        public static void ToBytes(byte[] s, int offset, long[] f, long[] t)
        {
            // Two carry passes bring any value our arithmetic produces into [0, 2p); see the remarks
            // of Carry: the second pass only moves carries of -1, 0 or 1.
            Copy(t, f);
            Carry(t);
            Carry(t);

            // q = 1 exactly when the value is at least p, i.e. value + 19 reaches 2^255.
            long q = (t[0] + 19) >> 26;
            for (int i = 1; i < Limbs; i++)
            {
                q = (t[i] + q) >> ((i & 1) == 0 ? 26 : 25);
            }

            // value - q p = value + 19 q - q 2^255: add 19 q, carry, and drop the carry out of bit 255.
            t[0] += 19 * q;
            long c = 0;
            long acc = 0;
            int bits = 0;
            for (int i = 0; i < Limbs; i++)
            {
                long v = t[i] + c;
                int width = (i & 1) == 0 ? 26 : 25;
                c = v >> width;
                acc |= (v & ((1L << width) - 1)) << bits;
                bits += width;
                while (bits >= 8)
                {
                    s[offset++] = (byte)acc;
                    acc >>= 8;
                    bits -= 8;
                }
            }

            s[offset] = (byte)acc;
        }

        /// <summary>True when f = 0 (mod p). <paramref name="s"/> (32 bytes) and <paramref name="t"/> are scratch.</summary>
        public static bool IsZero(long[] f, byte[] s, long[] t)
        {
            ToBytes(s, 0, f, t);
            int any = 0;
            for (int i = 0; i < 32; i++)
            {
                any |= s[i];
            }

            return any == 0;
        }

        /// <summary>
        /// The low bit of the canonical value of f: RFC 8032 calls x "negative" when it is odd.
        /// <paramref name="s"/> (32 bytes) and <paramref name="t"/> are scratch.
        /// </summary>
        public static int IsNegative(long[] f, byte[] s, long[] t)
        {
            ToBytes(s, 0, f, t);
            return s[0] & 1;
        }

        /// <summary>
        /// h = z^((p - 5) / 8) = z^(2^252 - 3), the exponent of RFC 8032's square root
        /// (section 5.1.3). t0, t1, t2 are scratch; h may be z.
        /// </summary>
        /// <remarks>
        /// Addition chain: with a(n) = z^(2^n - 1), a(m + n) = a(m)^(2^n) * a(n). From z^11 and
        /// a(5) = z^31 it builds a(10), a(20), a(40), a(50), a(100), a(200), a(250); then
        /// a(250)^4 * z = z^(2^252 - 4 + 1). That is 252 squarings and 11 multiplications.
        /// </remarks>
        public static void Pow22523(long[] h, long[] z, long[] t0, long[] t1, long[] t2)
        {
            Square(t0, z, 1);            // z^2
            Square(t1, t0, 2);           // z^8
            Mul(t1, z, t1);              // z^9
            Mul(t0, t0, t1);             // z^11
            Square(t0, t0, 1);           // z^22
            Mul(t0, t1, t0);             // z^31 = a(5)
            Square(t1, t0, 5);
            Mul(t0, t1, t0);             // a(10)
            Square(t1, t0, 10);
            Mul(t1, t1, t0);             // a(20)
            Square(t2, t1, 20);
            Mul(t1, t2, t1);             // a(40)
            Square(t1, t1, 10);
            Mul(t0, t1, t0);             // a(50)
            Square(t1, t0, 50);
            Mul(t1, t1, t0);             // a(100)
            Square(t2, t1, 100);
            Mul(t1, t2, t1);             // a(200)
            Square(t1, t1, 50);
            Mul(t0, t1, t0);             // a(250)
            Square(t0, t0, 2);           // z^(2^252 - 4)
            Mul(h, t0, z);               // z^(2^252 - 3)
        }

        private static uint Load32(byte[] s, int offset)
        {
            return (uint)s[offset] | ((uint)s[offset + 1] << 8) | ((uint)s[offset + 2] << 16) | ((uint)s[offset + 3] << 24);
        }
    }
}
