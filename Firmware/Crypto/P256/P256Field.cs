namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the P-256 prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (FIPS 186-5, SP 800-186),
    /// in Montgomery form with ten signed 28-bit limbs, written for the nanoFramework interpreter.
    /// </summary>
    /// <remarks>
    /// <para>
    /// An element is a <c>long[10]</c>: the integer v = sum l[i] 2^(28 i) stands for v / R mod p,
    /// with R = 2^280 (the Montgomery form of x is x R mod p). Limbs are signed, so a difference
    /// needs no added multiple of p; different limb vectors can stand for the same element, so
    /// elements are compared with <see cref="IsZero"/> and <see cref="Equal"/>, never limb by limb.
    /// </para>
    /// <para>
    /// Why 28 bits: on the interpreter every IL instruction costs about the same, so the measure is
    /// instructions, not the width of a multiply. A product of two 28-bit limbs and a column of ten
    /// of them fit a 64-bit accumulator, so a product term is four instructions (load, load, mul,
    /// add); 32-bit limbs need their products split into halves, four times as many instructions
    /// per term. And p = -1 mod 2^28, so Montgomery reduction needs no multiplication to find its
    /// factor: it is the low 28 bits of the column, and adding that multiple of
    /// p = 2^224 (2^32 - 1) + 2^192 + 2^96 - 1 is three shifted additions (2^224 falls on limb 8,
    /// 2^192 is limb 6 shifted by 24, 2^96 is limb 3 shifted by 12; the -1 clears the column).
    /// </para>
    /// <para>
    /// Bounds (the callers keep them). A <em>carried</em> element (the output of <see cref="Mul"/>,
    /// <see cref="Sqr"/>, <see cref="Carried"/>, <see cref="ToMontgomery"/>) has limbs 0 to 8 in
    /// [0, 2^28) and a small top limb: its value is below 2^259 in magnitude, and for Mul and
    /// Sqr in (-2^238, p + 2^238). Sums and differences (<see cref="Limbs10"/>) are not carried.
    /// Mul and Sqr take inputs whose limbs are at most F 2^28 and G 2^28 in magnitude with
    /// F G &lt;= 9 (a carried element or a difference of two has F = 1, a sum of two F = 2, and so on)
    /// and whose values are below 2^262 in magnitude: then no column leaves (-2^63, 2^63) and the
    /// output is carried. All arithmetic is signed and on <c>long</c> values loaded from <c>long</c>
    /// arrays (nanoCLR rule NF007).
    /// </para>
    /// <para>
    /// Results may alias inputs. Everything is straight-line code over locals.
    /// </para>
    /// </remarks>
    internal static class P256Field
    {
        /// <summary>Limbs of an element.</summary>
        internal const int Limbs = 10;

        private const long Mask = 0xFFFFFFF;

        /// <summary>p, plain 32-bit words, least significant first (for range checks of encodings).</summary>
        internal static readonly uint[] P =
        {
            0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF,
        };

        /// <summary>R^2 mod p (R = 2^280), plain 28-bit limbs: a Montgomery product with it converts into Montgomery form.</summary>
        internal static readonly long[] RSquared =
        {
            0x0050000, 0x0300000, 0x0000000, 0x0000000, 0xFFFFFFA, 0xFFFFFBF, 0xFFFFEFF, 0xFFFAFFF, 0x002FFFF, 0x0,
        };

        /// <summary>The plain curve coefficient b of y^2 = x^3 - 3x + b, 32-bit words.</summary>
        private static readonly uint[] BWords =
        {
            0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8,
        };

        // p in 28-bit limbs: what a Montgomery reduction of a multiple of p may give instead of 0.
        private static readonly long[] PLimbs =
        {
            0xFFFFFFF, 0xFFFFFFF, 0xFFFFFFF, 0x0000FFF, 0x0, 0x0, 0x1000000, 0x0, 0xFFFFFFF, 0xF,
        };

        /// <summary>1 in Montgomery form.</summary>
        internal static readonly long[] One = new long[Limbs];

        /// <summary>3 in Montgomery form.</summary>
        internal static readonly long[] Three = new long[Limbs];

        /// <summary>b in Montgomery form.</summary>
        internal static readonly long[] B = new long[Limbs];

        /// <summary>0 (in any form).</summary>
        internal static readonly long[] Zero = new long[Limbs];

        static P256Field()
        {
            uint[] words = new uint[8];
            words[0] = 1;
            ToMontgomery(One, words);
            words[0] = 3;
            ToMontgomery(Three, words);
            ToMontgomery(B, BWords);
        }

        /// <summary>r = the Montgomery form of the plain value in <paramref name="words"/> (8 words, least significant first, any value below 2^256).</summary>
        internal static void ToMontgomery(long[] r, uint[] words)
        {
            // Unsigned words, widened and masked, are stored into the long array before any signed use.
            ulong w0 = words[0], w1 = words[1], w2 = words[2], w3 = words[3], w4 = words[4], w5 = words[5], w6 = words[6], w7 = words[7];
            ulong mask = Mask;
            r[0] = (long)(w0 & mask);
            r[1] = (long)(((w0 >> 28) | (w1 << 4)) & mask);
            r[2] = (long)(((w1 >> 24) | (w2 << 8)) & mask);
            r[3] = (long)(((w2 >> 20) | (w3 << 12)) & mask);
            r[4] = (long)(((w3 >> 16) | (w4 << 16)) & mask);
            r[5] = (long)(((w4 >> 12) | (w5 << 20)) & mask);
            r[6] = (long)(((w5 >> 8) | (w6 << 24)) & mask);
            r[7] = (long)((w6 >> 4) & mask);
            r[8] = (long)(w7 & mask);
            r[9] = (long)(w7 >> 28);
            Mul(r, r, RSquared);
        }

        /// <summary>
        /// r = a b / R mod p (the Montgomery product): the ten-by-ten schoolbook product column by
        /// column, each of the low ten columns cleared as it completes by adding its low 28 bits
        /// times p, the high ten columns carried into r.
        /// </summary>
        internal static void Mul(long[] r, long[] a, long[] b)
        {
            long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9];
            long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7], b8 = b[8], b9 = b[9];
            long mask = Mask, k32 = 0xFFFFFFFF;
            long t = a0 * b0;
            long m0 = t & mask;
            long c = t >> 28;
            t = a0 * b1 + a1 * b0 + c;
            long m1 = t & mask;
            c = t >> 28;
            t = a0 * b2 + a1 * b1 + a2 * b0 + c;
            long m2 = t & mask;
            c = t >> 28;
            t = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + c + (m0 << 12);
            long m3 = t & mask;
            c = t >> 28;
            t = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 + c + (m1 << 12);
            long m4 = t & mask;
            c = t >> 28;
            t = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 + c + (m2 << 12);
            long m5 = t & mask;
            c = t >> 28;
            t = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 + c + (m3 << 12) + (m0 << 24);
            long m6 = t & mask;
            c = t >> 28;
            t = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0 + c + (m4 << 12) + (m1 << 24);
            long m7 = t & mask;
            c = t >> 28;
            t = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0 + c + (m5 << 12) + (m2 << 24) + m0 * k32;
            long m8 = t & mask;
            c = t >> 28;
            t = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + a9 * b0 + c + (m6 << 12) + (m3 << 24) + m1 * k32;
            long m9 = t & mask;
            c = t >> 28;
            t = a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + a9 * b1 + c + (m7 << 12) + (m4 << 24) + m2 * k32;
            r[0] = t & mask;
            c = t >> 28;
            t = a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2 + c + (m8 << 12) + (m5 << 24) + m3 * k32;
            r[1] = t & mask;
            c = t >> 28;
            t = a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3 + c + (m9 << 12) + (m6 << 24) + m4 * k32;
            r[2] = t & mask;
            c = t >> 28;
            t = a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4 + c + (m7 << 24) + m5 * k32;
            r[3] = t & mask;
            c = t >> 28;
            t = a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5 + c + (m8 << 24) + m6 * k32;
            r[4] = t & mask;
            c = t >> 28;
            t = a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6 + c + (m9 << 24) + m7 * k32;
            r[5] = t & mask;
            c = t >> 28;
            t = a7 * b9 + a8 * b8 + a9 * b7 + c + m8 * k32;
            r[6] = t & mask;
            c = t >> 28;
            t = a8 * b9 + a9 * b8 + c + m9 * k32;
            r[7] = t & mask;
            c = t >> 28;
            t = a9 * b9 + c;
            r[8] = t & mask;
            c = t >> 28;
            r[9] = c;
        }

        /// <summary>r = a^2 / R mod p: as <see cref="Mul"/>, each cross product a[i] a[j] (i &lt; j) computed once, doubled.</summary>
        internal static void Sqr(long[] r, long[] a)
        {
            long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9];
            long d0 = a0 << 1, d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1, d4 = a4 << 1, d5 = a5 << 1, d6 = a6 << 1, d7 = a7 << 1, d8 = a8 << 1;
            long mask = Mask, k32 = 0xFFFFFFFF;
            long t = a0 * a0;
            long m0 = t & mask;
            long c = t >> 28;
            t = d0 * a1 + c;
            long m1 = t & mask;
            c = t >> 28;
            t = d0 * a2 + a1 * a1 + c;
            long m2 = t & mask;
            c = t >> 28;
            t = d0 * a3 + d1 * a2 + c + (m0 << 12);
            long m3 = t & mask;
            c = t >> 28;
            t = d0 * a4 + d1 * a3 + a2 * a2 + c + (m1 << 12);
            long m4 = t & mask;
            c = t >> 28;
            t = d0 * a5 + d1 * a4 + d2 * a3 + c + (m2 << 12);
            long m5 = t & mask;
            c = t >> 28;
            t = d0 * a6 + d1 * a5 + d2 * a4 + a3 * a3 + c + (m3 << 12) + (m0 << 24);
            long m6 = t & mask;
            c = t >> 28;
            t = d0 * a7 + d1 * a6 + d2 * a5 + d3 * a4 + c + (m4 << 12) + (m1 << 24);
            long m7 = t & mask;
            c = t >> 28;
            t = d0 * a8 + d1 * a7 + d2 * a6 + d3 * a5 + a4 * a4 + c + (m5 << 12) + (m2 << 24) + m0 * k32;
            long m8 = t & mask;
            c = t >> 28;
            t = d0 * a9 + d1 * a8 + d2 * a7 + d3 * a6 + d4 * a5 + c + (m6 << 12) + (m3 << 24) + m1 * k32;
            long m9 = t & mask;
            c = t >> 28;
            t = d1 * a9 + d2 * a8 + d3 * a7 + d4 * a6 + a5 * a5 + c + (m7 << 12) + (m4 << 24) + m2 * k32;
            r[0] = t & mask;
            c = t >> 28;
            t = d2 * a9 + d3 * a8 + d4 * a7 + d5 * a6 + c + (m8 << 12) + (m5 << 24) + m3 * k32;
            r[1] = t & mask;
            c = t >> 28;
            t = d3 * a9 + d4 * a8 + d5 * a7 + a6 * a6 + c + (m9 << 12) + (m6 << 24) + m4 * k32;
            r[2] = t & mask;
            c = t >> 28;
            t = d4 * a9 + d5 * a8 + d6 * a7 + c + (m7 << 24) + m5 * k32;
            r[3] = t & mask;
            c = t >> 28;
            t = d5 * a9 + d6 * a8 + a7 * a7 + c + (m8 << 24) + m6 * k32;
            r[4] = t & mask;
            c = t >> 28;
            t = d6 * a9 + d7 * a8 + c + (m9 << 24) + m7 * k32;
            r[5] = t & mask;
            c = t >> 28;
            t = d7 * a9 + a8 * a8 + c + m8 * k32;
            r[6] = t & mask;
            c = t >> 28;
            t = d8 * a9 + c + m9 * k32;
            r[7] = t & mask;
            c = t >> 28;
            t = a9 * a9 + c;
            r[8] = t & mask;
            c = t >> 28;
            r[9] = c;
        }




        /// <summary>
        /// r = a - b - 2c, carried (pass <see cref="Zero"/> for a term not wanted): the end of a
        /// point doubling or addition, where a coordinate is a difference of products and is
        /// stored for further use. Inputs carried or differences of carried elements.
        /// </summary>
        internal static void Carried(long[] r, long[] a, long[] b, long[] c)
        {
            long mask = Mask;
            long x = a[0] - b[0] - (c[0] << 1);
            r[0] = x & mask;
            x = (x >> 28) + a[1] - b[1] - (c[1] << 1);
            r[1] = x & mask;
            x = (x >> 28) + a[2] - b[2] - (c[2] << 1);
            r[2] = x & mask;
            x = (x >> 28) + a[3] - b[3] - (c[3] << 1);
            r[3] = x & mask;
            x = (x >> 28) + a[4] - b[4] - (c[4] << 1);
            r[4] = x & mask;
            x = (x >> 28) + a[5] - b[5] - (c[5] << 1);
            r[5] = x & mask;
            x = (x >> 28) + a[6] - b[6] - (c[6] << 1);
            r[6] = x & mask;
            x = (x >> 28) + a[7] - b[7] - (c[7] << 1);
            r[7] = x & mask;
            x = (x >> 28) + a[8] - b[8] - (c[8] << 1);
            r[8] = x & mask;
            r[9] = (x >> 28) + a[9] - b[9] - (c[9] << 1);
        }

        /// <summary>True when a is 0 mod p (any limbs whose value is below 2^279 in magnitude).</summary>
        internal static bool IsZero(long[] a)
        {
            return ReducesToZero(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
        }

        /// <summary>True when a and b are the same element.</summary>
        internal static bool Equal(long[] a, long[] b)
        {
            return ReducesToZero(a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4],
                a[5] - b[5], a[6] - b[6], a[7] - b[7], a[8] - b[8], a[9] - b[9]);
        }

        /// <summary>
        /// Whether l = sum l[i] 2^(28 i) is 0 mod p. A Montgomery reduction maps l to
        /// (l + M p) / R for some 0 &lt;= M &lt; R, an integer congruent to l / R; for |l| &lt; R it is
        /// in (-1, p + 1), so it is 0 or p exactly when l is 0 mod p. Its carried limbs are unique.
        /// </summary>
        private static bool ReducesToZero(long l0, long l1, long l2, long l3, long l4, long l5, long l6, long l7, long l8, long l9)
        {
            long mask = Mask, k32 = 0xFFFFFFFF;
            long t = l0;
            long m0 = t & mask;
            long c = t >> 28;
            t = l1 + c;
            long m1 = t & mask;
            c = t >> 28;
            t = l2 + c;
            long m2 = t & mask;
            c = t >> 28;
            t = l3 + c + (m0 << 12);
            long m3 = t & mask;
            c = t >> 28;
            t = l4 + c + (m1 << 12);
            long m4 = t & mask;
            c = t >> 28;
            t = l5 + c + (m2 << 12);
            long m5 = t & mask;
            c = t >> 28;
            t = l6 + c + (m3 << 12) + (m0 << 24);
            long m6 = t & mask;
            c = t >> 28;
            t = l7 + c + (m4 << 12) + (m1 << 24);
            long m7 = t & mask;
            c = t >> 28;
            t = l8 + c + (m5 << 12) + (m2 << 24) + m0 * k32;
            long m8 = t & mask;
            c = t >> 28;
            t = l9 + c + (m6 << 12) + (m3 << 24) + m1 * k32;
            long m9 = t & mask;
            c = t >> 28;
            t = c + (m7 << 12) + (m4 << 24) + m2 * k32;
            long o0 = t & mask;
            c = t >> 28;
            t = c + (m8 << 12) + (m5 << 24) + m3 * k32;
            long o1 = t & mask;
            c = t >> 28;
            t = c + (m9 << 12) + (m6 << 24) + m4 * k32;
            long o2 = t & mask;
            c = t >> 28;
            t = c + (m7 << 24) + m5 * k32;
            long o3 = t & mask;
            c = t >> 28;
            t = c + (m8 << 24) + m6 * k32;
            long o4 = t & mask;
            c = t >> 28;
            t = c + (m9 << 24) + m7 * k32;
            long o5 = t & mask;
            c = t >> 28;
            t = c + m8 * k32;
            long o6 = t & mask;
            c = t >> 28;
            t = c + m9 * k32;
            long o7 = t & mask;
            c = t >> 28;
            t = c;
            long o8 = t & mask;
            c = t >> 28;
            long o9 = c;
            if ((o0 | o1 | o2 | o3 | o4 | o5 | o6 | o7 | o8 | o9) == 0)
            {
                return true;
            }

            long[] p = PLimbs;
            return o0 == p[0] && o1 == p[1] && o2 == p[2] && o3 == p[3] && o4 == p[4]
                && o5 == p[5] && o6 == p[6] && o7 == p[7] && o8 == p[8] && o9 == p[9];
        }
    }
}
