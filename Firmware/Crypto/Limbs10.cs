namespace FotaDevice.Crypto
{
    /// <summary>
    /// Limb-by-limb arithmetic on field elements held as ten signed <c>long</c> limbs, shared by
    /// both fields that use that shape (<see cref="Ed25519.Field25519"/>, radix 2^25.5, and
    /// <see cref="P256.P256Field"/>, radix 2^28 in Montgomery form). Nothing is carried: each
    /// field states how far its products accept such sums. Unrolled, because on the interpreter
    /// a loop costs more than the additions. The result may be an input.
    /// </summary>
    internal static class Limbs10
    {
        /// <summary>h = f + g, limb by limb.</summary>
        internal static void Add(long[] h, long[] f, long[] g)
        {
            h[0] = f[0] + g[0];
            h[1] = f[1] + g[1];
            h[2] = f[2] + g[2];
            h[3] = f[3] + g[3];
            h[4] = f[4] + g[4];
            h[5] = f[5] + g[5];
            h[6] = f[6] + g[6];
            h[7] = f[7] + g[7];
            h[8] = f[8] + g[8];
            h[9] = f[9] + g[9];
        }

        /// <summary>h = f - g, limb by limb.</summary>
        internal static void Sub(long[] h, long[] f, long[] g)
        {
            h[0] = f[0] - g[0];
            h[1] = f[1] - g[1];
            h[2] = f[2] - g[2];
            h[3] = f[3] - g[3];
            h[4] = f[4] - g[4];
            h[5] = f[5] - g[5];
            h[6] = f[6] - g[6];
            h[7] = f[7] - g[7];
            h[8] = f[8] - g[8];
            h[9] = f[9] - g[9];
        }

        /// <summary>h = -f, limb by limb.</summary>
        internal static void Neg(long[] h, long[] f)
        {
            h[0] = -f[0];
            h[1] = -f[1];
            h[2] = -f[2];
            h[3] = -f[3];
            h[4] = -f[4];
            h[5] = -f[5];
            h[6] = -f[6];
            h[7] = -f[7];
            h[8] = -f[8];
            h[9] = -f[9];
        }
    }
}
