namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the P-256 prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (FIPS 186-5, SP 800-186).
    /// </summary>
    /// <remarks>
    /// An element is a uint[8], least significant limb first, always fully reduced (in [0, p)), so
    /// equality is limb equality. Results may alias inputs. The methods are straight-line code over
    /// locals: on the nanoFramework interpreter each IL instruction costs, and locals are the
    /// cheapest operands there is (an array element costs three instructions to read).
    /// <para>
    /// Reduction uses the special form of p. With c = c15..c0 the 32-bit words of a 512-bit
    /// product, 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p); applying that to each high word c8..c15
    /// and collecting terms per output word gives (FIPS 186-4 D.2.3, rederived below)
    /// T + 2*S1 + 2*S2 + S3 + S4 - D1 - D2 - D3 - D4, which is written out per word in
    /// <see cref="Reduce"/>. The sum lies in (-4p, 7p); its overflow word is folded back the same
    /// way (t*2^256 = t*(2^224 - 2^192 - 2^96 + 1)) until none is left, then p is subtracted once
    /// if needed.
    /// </para>
    /// </remarks>
    internal static class P256Field
    {
        /// <summary>p, least significant limb first.</summary>
        internal static readonly uint[] P =
        {
            0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF,
        };

        /// <summary>The curve coefficient b of y^2 = x^3 - 3x + b.</summary>
        internal static readonly uint[] B =
        {
            0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8,
        };

        /// <summary>r = a * b mod p (schoolbook product, column by column, then <see cref="Reduce"/>).</summary>
        internal static void Mul(uint[] r, uint[] a, uint[] b)
        {
            ulong a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
            ulong b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];

            // Each column sums its 32x32-bit products as separate low and high halves, so no
            // carry is lost; the column's word is the low 32 bits and the rest moves on.
            ulong p, lo = 0, hi = 0;
            // column 0
            p = a0 * b0; lo += (uint)p; hi += p >> 32;
            uint c0 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 1
            p = a0 * b1; lo += (uint)p; hi += p >> 32;
            p = a1 * b0; lo += (uint)p; hi += p >> 32;
            uint c1 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 2
            p = a0 * b2; lo += (uint)p; hi += p >> 32;
            p = a1 * b1; lo += (uint)p; hi += p >> 32;
            p = a2 * b0; lo += (uint)p; hi += p >> 32;
            uint c2 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 3
            p = a0 * b3; lo += (uint)p; hi += p >> 32;
            p = a1 * b2; lo += (uint)p; hi += p >> 32;
            p = a2 * b1; lo += (uint)p; hi += p >> 32;
            p = a3 * b0; lo += (uint)p; hi += p >> 32;
            uint c3 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 4
            p = a0 * b4; lo += (uint)p; hi += p >> 32;
            p = a1 * b3; lo += (uint)p; hi += p >> 32;
            p = a2 * b2; lo += (uint)p; hi += p >> 32;
            p = a3 * b1; lo += (uint)p; hi += p >> 32;
            p = a4 * b0; lo += (uint)p; hi += p >> 32;
            uint c4 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 5
            p = a0 * b5; lo += (uint)p; hi += p >> 32;
            p = a1 * b4; lo += (uint)p; hi += p >> 32;
            p = a2 * b3; lo += (uint)p; hi += p >> 32;
            p = a3 * b2; lo += (uint)p; hi += p >> 32;
            p = a4 * b1; lo += (uint)p; hi += p >> 32;
            p = a5 * b0; lo += (uint)p; hi += p >> 32;
            uint c5 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 6
            p = a0 * b6; lo += (uint)p; hi += p >> 32;
            p = a1 * b5; lo += (uint)p; hi += p >> 32;
            p = a2 * b4; lo += (uint)p; hi += p >> 32;
            p = a3 * b3; lo += (uint)p; hi += p >> 32;
            p = a4 * b2; lo += (uint)p; hi += p >> 32;
            p = a5 * b1; lo += (uint)p; hi += p >> 32;
            p = a6 * b0; lo += (uint)p; hi += p >> 32;
            uint c6 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 7
            p = a0 * b7; lo += (uint)p; hi += p >> 32;
            p = a1 * b6; lo += (uint)p; hi += p >> 32;
            p = a2 * b5; lo += (uint)p; hi += p >> 32;
            p = a3 * b4; lo += (uint)p; hi += p >> 32;
            p = a4 * b3; lo += (uint)p; hi += p >> 32;
            p = a5 * b2; lo += (uint)p; hi += p >> 32;
            p = a6 * b1; lo += (uint)p; hi += p >> 32;
            p = a7 * b0; lo += (uint)p; hi += p >> 32;
            uint c7 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 8
            p = a1 * b7; lo += (uint)p; hi += p >> 32;
            p = a2 * b6; lo += (uint)p; hi += p >> 32;
            p = a3 * b5; lo += (uint)p; hi += p >> 32;
            p = a4 * b4; lo += (uint)p; hi += p >> 32;
            p = a5 * b3; lo += (uint)p; hi += p >> 32;
            p = a6 * b2; lo += (uint)p; hi += p >> 32;
            p = a7 * b1; lo += (uint)p; hi += p >> 32;
            uint c8 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 9
            p = a2 * b7; lo += (uint)p; hi += p >> 32;
            p = a3 * b6; lo += (uint)p; hi += p >> 32;
            p = a4 * b5; lo += (uint)p; hi += p >> 32;
            p = a5 * b4; lo += (uint)p; hi += p >> 32;
            p = a6 * b3; lo += (uint)p; hi += p >> 32;
            p = a7 * b2; lo += (uint)p; hi += p >> 32;
            uint c9 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 10
            p = a3 * b7; lo += (uint)p; hi += p >> 32;
            p = a4 * b6; lo += (uint)p; hi += p >> 32;
            p = a5 * b5; lo += (uint)p; hi += p >> 32;
            p = a6 * b4; lo += (uint)p; hi += p >> 32;
            p = a7 * b3; lo += (uint)p; hi += p >> 32;
            uint c10 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 11
            p = a4 * b7; lo += (uint)p; hi += p >> 32;
            p = a5 * b6; lo += (uint)p; hi += p >> 32;
            p = a6 * b5; lo += (uint)p; hi += p >> 32;
            p = a7 * b4; lo += (uint)p; hi += p >> 32;
            uint c11 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 12
            p = a5 * b7; lo += (uint)p; hi += p >> 32;
            p = a6 * b6; lo += (uint)p; hi += p >> 32;
            p = a7 * b5; lo += (uint)p; hi += p >> 32;
            uint c12 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 13
            p = a6 * b7; lo += (uint)p; hi += p >> 32;
            p = a7 * b6; lo += (uint)p; hi += p >> 32;
            uint c13 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 14
            p = a7 * b7; lo += (uint)p; hi += p >> 32;
            uint c14 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            uint c15 = (uint)lo;
            Reduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
        }

        /// <summary>r = a^2 mod p: each cross product a[i]*a[j] (i &lt; j) is computed once and doubled.</summary>
        internal static void Sqr(uint[] r, uint[] a)
        {
            ulong a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
            ulong p, lo = 0, hi = 0, xl = 0, xh = 0;
            // column 0
            p = a0 * a0; lo += (uint)p; hi += p >> 32;
            uint c0 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 1
            p = a0 * a1; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c1 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 2
            p = a0 * a2; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            p = a1 * a1; lo += (uint)p; hi += p >> 32;
            uint c2 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 3
            p = a0 * a3; xl += (uint)p; xh += p >> 32;
            p = a1 * a2; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c3 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 4
            p = a0 * a4; xl += (uint)p; xh += p >> 32;
            p = a1 * a3; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            p = a2 * a2; lo += (uint)p; hi += p >> 32;
            uint c4 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 5
            p = a0 * a5; xl += (uint)p; xh += p >> 32;
            p = a1 * a4; xl += (uint)p; xh += p >> 32;
            p = a2 * a3; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c5 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 6
            p = a0 * a6; xl += (uint)p; xh += p >> 32;
            p = a1 * a5; xl += (uint)p; xh += p >> 32;
            p = a2 * a4; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            p = a3 * a3; lo += (uint)p; hi += p >> 32;
            uint c6 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 7
            p = a0 * a7; xl += (uint)p; xh += p >> 32;
            p = a1 * a6; xl += (uint)p; xh += p >> 32;
            p = a2 * a5; xl += (uint)p; xh += p >> 32;
            p = a3 * a4; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c7 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 8
            p = a1 * a7; xl += (uint)p; xh += p >> 32;
            p = a2 * a6; xl += (uint)p; xh += p >> 32;
            p = a3 * a5; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            p = a4 * a4; lo += (uint)p; hi += p >> 32;
            uint c8 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 9
            p = a2 * a7; xl += (uint)p; xh += p >> 32;
            p = a3 * a6; xl += (uint)p; xh += p >> 32;
            p = a4 * a5; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c9 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 10
            p = a3 * a7; xl += (uint)p; xh += p >> 32;
            p = a4 * a6; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            p = a5 * a5; lo += (uint)p; hi += p >> 32;
            uint c10 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 11
            p = a4 * a7; xl += (uint)p; xh += p >> 32;
            p = a5 * a6; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c11 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 12
            p = a5 * a7; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            p = a6 * a6; lo += (uint)p; hi += p >> 32;
            uint c12 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 13
            p = a6 * a7; xl += (uint)p; xh += p >> 32;
            lo += xl << 1; hi += xh << 1; xl = 0; xh = 0;
            uint c13 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            // column 14
            p = a7 * a7; lo += (uint)p; hi += p >> 32;
            uint c14 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            uint c15 = (uint)lo;
            Reduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
        }

        /// <summary>r = a + b mod p.</summary>
        internal static void Add(uint[] r, uint[] a, uint[] b)
        {
            ulong x = (ulong)a[0] + b[0]; uint r0 = (uint)x; x >>= 32;
            x += (ulong)a[1] + b[1]; uint r1 = (uint)x; x >>= 32;
            x += (ulong)a[2] + b[2]; uint r2 = (uint)x; x >>= 32;
            x += (ulong)a[3] + b[3]; uint r3 = (uint)x; x >>= 32;
            x += (ulong)a[4] + b[4]; uint r4 = (uint)x; x >>= 32;
            x += (ulong)a[5] + b[5]; uint r5 = (uint)x; x >>= 32;
            x += (ulong)a[6] + b[6]; uint r6 = (uint)x; x >>= 32;
            x += (ulong)a[7] + b[7]; uint r7 = (uint)x; x >>= 32;

            if (x != 0 || (r7 == 0xFFFFFFFF && IsAtLeastP(r6, r5, r4, r3, r2, r1, r0)))
            {
                // The sum is in [p, 2p): subtract p by adding 2^256 - p = 2^224 - 2^192 - 2^96 + 1
                // (limbs 1, 0, 0, ffffffff, ffffffff, ffffffff, fffffffe, 0) and dropping the carry.
                x = (ulong)r0 + 1; r0 = (uint)x; x >>= 32;
                x += r1; r1 = (uint)x; x >>= 32;
                x += r2; r2 = (uint)x; x >>= 32;
                x += (ulong)r3 + 0xFFFFFFFF; r3 = (uint)x; x >>= 32;
                x += (ulong)r4 + 0xFFFFFFFF; r4 = (uint)x; x >>= 32;
                x += (ulong)r5 + 0xFFFFFFFF; r5 = (uint)x; x >>= 32;
                x += (ulong)r6 + 0xFFFFFFFE; r6 = (uint)x; x >>= 32;
                r7 = (uint)(x + r7);
            }

            r[0] = r0; r[1] = r1; r[2] = r2; r[3] = r3; r[4] = r4; r[5] = r5; r[6] = r6; r[7] = r7;
        }

        /// <summary>r = a - b mod p.</summary>
        /// <remarks>
        /// Unsigned arithmetic only (nanoCLR rule NF007): each limb difference is taken modulo 2^64,
        /// and its bit 63 is the borrow into the next limb.
        /// </remarks>
        internal static void Sub(uint[] r, uint[] a, uint[] b)
        {
            ulong x = (ulong)a[0] - b[0]; uint r0 = (uint)x;
            x = (ulong)a[1] - b[1] - (x >> 63); uint r1 = (uint)x;
            x = (ulong)a[2] - b[2] - (x >> 63); uint r2 = (uint)x;
            x = (ulong)a[3] - b[3] - (x >> 63); uint r3 = (uint)x;
            x = (ulong)a[4] - b[4] - (x >> 63); uint r4 = (uint)x;
            x = (ulong)a[5] - b[5] - (x >> 63); uint r5 = (uint)x;
            x = (ulong)a[6] - b[6] - (x >> 63); uint r6 = (uint)x;
            x = (ulong)a[7] - b[7] - (x >> 63); uint r7 = (uint)x;

            if ((x >> 63) != 0)
            {
                // The difference is in (-p, 0): add p (limbs ffffffff x3, 0 x3, 1, ffffffff); the
                // carry out cancels the borrow.
                x = (ulong)r0 + 0xFFFFFFFF; r0 = (uint)x; x >>= 32;
                x += (ulong)r1 + 0xFFFFFFFF; r1 = (uint)x; x >>= 32;
                x += (ulong)r2 + 0xFFFFFFFF; r2 = (uint)x; x >>= 32;
                x += r3; r3 = (uint)x; x >>= 32;
                x += r4; r4 = (uint)x; x >>= 32;
                x += r5; r5 = (uint)x; x >>= 32;
                x += (ulong)r6 + 1; r6 = (uint)x; x >>= 32;
                r7 = (uint)(x + r7 + 0xFFFFFFFF);
            }

            r[0] = r0; r[1] = r1; r[2] = r2; r[3] = r3; r[4] = r4; r[5] = r5; r[6] = r6; r[7] = r7;
        }

        /// <summary>r = -a mod p.</summary>
        internal static void Neg(uint[] r, uint[] a)
        {
            Sub(r, Zero, a);
        }

        /// <summary>True when a and b are the same element (both are fully reduced).</summary>
        internal static bool Equal(uint[] a, uint[] b)
        {
            return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])
                | (a[4] ^ b[4]) | (a[5] ^ b[5]) | (a[6] ^ b[6]) | (a[7] ^ b[7])) == 0;
        }

        private static readonly uint[] Zero = new uint[8];

        /// <summary>
        /// Whether r7..r0 (with r7 = ffffffff, p's top limb, checked by the caller) is at least
        /// p = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff ffffffff.
        /// </summary>
        private static bool IsAtLeastP(uint r6, uint r5, uint r4, uint r3, uint r2, uint r1, uint r0)
        {
            if (r6 != 1)
            {
                return r6 > 1;
            }

            return (r5 | r4 | r3) != 0 || (r2 & r1 & r0) == 0xFFFFFFFF;
        }

        /// <summary>
        /// r = c mod p for the 512-bit c = c15..c0. Each high word is replaced using
        /// 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p); per output word that gives:
        /// <code>
        /// w0 = c0 + c8  + c9  - c11 - c12 - c13 - c14
        /// w1 = c1 + c9  + c10 - c12 - c13 - c14 - c15
        /// w2 = c2 + c10 + c11 - c13 - c14 - c15
        /// w3 = c3 + 2c11 + 2c12 + c13 - c15 - c8 - c9
        /// w4 = c4 + 2c12 + 2c13 + c14 - c9 - c10
        /// w5 = c5 + 2c13 + 2c14 + c15 - c10 - c11
        /// w6 = c6 + 3c14 + 2c15 + c13 - c8 - c9
        /// w7 = c7 + 3c15 + c8 - c10 - c11 - c12 - c13
        /// </code>
        /// </summary>
        private static void Reduce(uint[] r, uint c0, uint c1, uint c2, uint c3, uint c4, uint c5, uint c6, uint c7,
            uint c8, uint c9, uint c10, uint c11, uint c12, uint c13, uint c14, uint c15)
        {
            // Signed sums in two's complement on ulong (nanoCLR rule NF007: no signed shift). The
            // carry into the next word is x >> 32 taken arithmetically, written as the logical shift
            // minus 2^32 when bit 63 (the sign) is set.
            ulong x = (ulong)c0 + c8 + c9 - c11 - c12 - c13 - c14; uint r0 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c1 + c9 + c10 - c12 - c13 - c14 - c15; uint r1 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c2 + c10 + c11 - c13 - c14 - c15; uint r2 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c3 + 2UL * c11 + 2UL * c12 + c13 - c15 - c8 - c9; uint r3 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c4 + 2UL * c12 + 2UL * c13 + c14 - c9 - c10; uint r4 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c5 + 2UL * c13 + 2UL * c14 + c15 - c10 - c11; uint r5 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c6 + 3UL * c14 + 2UL * c15 + c13 - c8 - c9; uint r6 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
            x += (ulong)c7 + 3UL * c15 + c8 - c10 - c11 - c12 - c13; uint r7 = (uint)x;
            ulong t = (x >> 32) - ((x >> 31) & 0x100000000UL);

            // Now c = t*2^256 + r7..r0 (mod p) with t small (|t| < 8, two's complement). Fold
            // t*2^256 back in as t*(2^224 - 2^192 - 2^96 + 1) until nothing is left over (at most
            // two rounds), then subtract p once if the result is still at least p: that is one
            // more fold of 2^256 - p whose carry out of bit 256 is dropped.
            ulong drop = 0;
            while (true)
            {
                if (t == 0)
                {
                    if (r7 != 0xFFFFFFFF || !IsAtLeastP(r6, r5, r4, r3, r2, r1, r0))
                    {
                        break;
                    }

                    t = 1;
                    drop = 1;
                }

                x = (ulong)r0 + t; r0 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += r1; r1 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += r2; r2 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += (ulong)r3 - t; r3 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += r4; r4 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += r5; r5 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += (ulong)r6 - t; r6 = (uint)x; x = (x >> 32) - ((x >> 31) & 0x100000000UL);
                x += (ulong)r7 + t; r7 = (uint)x;
                t = (x >> 32) - ((x >> 31) & 0x100000000UL) - drop;
                drop = 0;
            }

            r[0] = r0; r[1] = r1; r[2] = r2; r[3] = r3; r[4] = r4; r[5] = r5; r[6] = r6; r[7] = r7;
        }
    }
}
