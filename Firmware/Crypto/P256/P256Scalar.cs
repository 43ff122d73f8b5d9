using System;

namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the order n of the P-256 base point, in Montgomery form (R = 2^256).
    /// </summary>
    /// <remarks>
    /// ECDSA verification needs only w = s^-1 and the two products e*w and r*w. <see cref="Invert"/>
    /// returns w in Montgomery form (w*R mod n), so one Montgomery product with a plain value
    /// x gives x*w mod n as a plain value again. Scratch space is allocated by the constructor;
    /// no method allocates. Not thread-safe.
    /// </remarks>
    internal sealed class P256Scalar
    {
        /// <summary>n, least significant limb first.</summary>
        internal static readonly uint[] N =
        {
            0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        /// <summary>-n^-1 mod 2^32: the Montgomery reduction factor for the lowest limb.</summary>
        internal const uint NPrime = 0xEE00BC4F;

        /// <summary>R^2 mod n: a Montgomery product with it converts into Montgomery form.</summary>
        internal static readonly uint[] RSquared =
        {
            0xBE79EEA2, 0x83244C95, 0x49BD6FA6, 0x4699799C, 0x2B6BEC59, 0x2845B239, 0xF3D95620, 0x66E12D94,
        };

        /// <summary>R mod n: 1 in Montgomery form.</summary>
        internal static readonly uint[] One =
        {
            0x039CDAAF, 0x0C46353D, 0x58E8617B, 0x43190552, 0x00000000, 0x00000000, 0xFFFFFFFF, 0x00000000,
        };

        /// <summary>n - 2, the Fermat exponent: a^(n-2) = a^-1 mod n for the prime n.</summary>
        private static readonly uint[] NMinus2 =
        {
            0xFC63254F, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        private readonly uint[] _wide = new uint[16];
        private readonly uint[][] _powers = new uint[16][];
        private readonly uint[] _acc = new uint[8];

        /// <summary>Allocates the scratch space (about 700 bytes).</summary>
        internal P256Scalar()
        {
            for (int i = 0; i < _powers.Length; i++)
            {
                _powers[i] = new uint[8];
            }
        }

        /// <summary>True when 1 &lt;= a &lt;= n - 1, the range of ECDSA's r and s.</summary>
        internal static bool IsInRange(uint[] a)
        {
            return !U256.IsZero(a) && U256.Compare(a, N) < 0;
        }

        /// <summary>a = a mod n for any a &lt; 2^256 (one subtraction is enough, as 2^256 &lt; 2n).</summary>
        internal static void ReduceOnce(uint[] a)
        {
            if (U256.Compare(a, N) >= 0)
            {
                U256.Sub(a, a, N);
            }
        }

        /// <summary>r = a * b / R mod n, for a, b &lt; n. r may alias a or b.</summary>
        internal void MontMul(uint[] r, uint[] a, uint[] b)
        {
            uint[] t = _wide;
            Array.Clear(t, 0, 16);

            // Schoolbook product into t[0..15].
            for (int i = 0; i < 8; i++)
            {
                ulong ai = a[i];
                ulong c = 0;
                for (int j = 0; j < 8; j++)
                {
                    c += ai * b[j] + t[i + j];
                    t[i + j] = (uint)c;
                    c >>= 32;
                }

                t[i + 8] = (uint)c;
            }

            // Montgomery reduction: add m*n*2^(32i) so limb i becomes 0, for i = 0..7; the result
            // t / 2^256 is t[8..15] plus the carry out of the top limb, and is below 2n.
            uint[] n = N;
            ulong over = 0;
            for (int i = 0; i < 8; i++)
            {
                ulong m = t[i] * NPrime;
                ulong c = 0;
                for (int j = 0; j < 8; j++)
                {
                    c += m * n[j] + t[i + j];
                    t[i + j] = (uint)c;
                    c >>= 32;
                }

                c += (ulong)t[i + 8] + over;
                t[i + 8] = (uint)c;
                over = c >> 32;
            }

            Array.Copy(t, 8, r, 0, 8);
            if (over != 0 || U256.Compare(r, n) >= 0)
            {
                U256.Sub(r, r, n);
            }
        }

        /// <summary>
        /// r = a^-1 * R mod n (the inverse in Montgomery form), for a in [1, n - 1], by Fermat's
        /// little theorem with a fixed 4-bit window: 256 squarings and at most 64 + 14 products.
        /// </summary>
        internal void Invert(uint[] r, uint[] a)
        {
            uint[][] pow = _powers;
            Array.Copy(One, pow[0], 8);
            MontMul(pow[1], a, RSquared);
            for (int i = 2; i < 16; i++)
            {
                MontMul(pow[i], pow[i - 1], pow[1]);
            }

            uint[] acc = _acc;
            Array.Copy(One, acc, 8);
            for (int bit = 252; bit >= 0; bit -= 4)
            {
                if (bit != 252)
                {
                    MontMul(acc, acc, acc);
                    MontMul(acc, acc, acc);
                    MontMul(acc, acc, acc);
                    MontMul(acc, acc, acc);
                }

                int nibble = (int)((NMinus2[bit >> 5] >> (bit & 31)) & 0xF);
                if (nibble != 0)
                {
                    MontMul(acc, acc, pow[nibble]);
                }
            }

            Array.Copy(acc, r, 8);
        }
    }
}
