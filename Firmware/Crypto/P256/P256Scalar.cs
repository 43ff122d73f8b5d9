using System;

namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the order n of the P-256 base point, in Montgomery form (R = 2^256).
    /// </summary>
    /// <remarks>
    /// ECDSA verification needs only w = s^-1 and the two products e*w and r*w. With w in
    /// Montgomery form (w*R mod n, <see cref="ToMontgomery"/>), one Montgomery product with a
    /// plain value x gives x*w mod n as a plain value again. Scratch space is allocated by the
    /// constructor; no method allocates. Not thread-safe.
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

        private readonly uint[] _wide = new uint[16];
        private readonly uint[] _u = new uint[8];
        private readonly uint[] _v = new uint[8];
        private readonly uint[] _x1 = new uint[8];
        private readonly uint[] _x2 = new uint[8];

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

        /// <summary>r = a * R mod n: a in Montgomery form, for a &lt; n.</summary>
        internal void ToMontgomery(uint[] r, uint[] a)
        {
            MontMul(r, a, RSquared);
        }

        /// <summary>
        /// r = a^-1 mod n for a in [1, n - 1] (r = 0 for a = 0), by the binary extended Euclidean
        /// algorithm: about 500 halvings and 350 subtractions of 8-limb numbers, several times
        /// cheaper on the interpreter than the ~330 Montgomery products of Fermat's a^(n-2).
        /// Its running time depends on a, which is public in a verification. r may alias a.
        /// </summary>
        internal void Invert(uint[] r, uint[] a)
        {
            uint[] u = _u, v = _v, x1 = _x1, x2 = _x2;
            if (U256.IsZero(a))
            {
                Array.Clear(r, 0, 8);
                return;
            }

            // Invariants: x1 * a = u and x2 * a = v (mod n), gcd(u, v) = gcd(a, n) = 1, u, v > 0.
            Array.Copy(a, u, 8);
            Array.Copy(N, v, 8);
            Array.Clear(x1, 0, 8);
            x1[0] = 1;
            Array.Clear(x2, 0, 8);
            while (!IsOne(u) && !IsOne(v))
            {
                while ((u[0] & 1) == 0)
                {
                    U256.ShiftRight1(u, 0);
                    Halve(x1);
                }

                while ((v[0] & 1) == 0)
                {
                    U256.ShiftRight1(v, 0);
                    Halve(x2);
                }

                // Both odd and distinct (equal would mean u = v = gcd = 1): the larger shrinks.
                if (U256.Compare(u, v) > 0)
                {
                    U256.Sub(u, u, v);
                    SubMod(x1, x2);
                }
                else
                {
                    U256.Sub(v, v, u);
                    SubMod(x2, x1);
                }
            }

            Array.Copy(IsOne(u) ? x1 : x2, r, 8);
        }

        /// <summary>x = x / 2 mod n, for x &lt; n: an odd x first gets n added (n is odd).</summary>
        private static void Halve(uint[] x)
        {
            uint carry = 0;
            if ((x[0] & 1) != 0)
            {
                carry = U256.Add(x, x, N);
            }

            U256.ShiftRight1(x, carry);
        }

        /// <summary>x = x - y mod n, for x, y &lt; n.</summary>
        private static void SubMod(uint[] x, uint[] y)
        {
            if (U256.Sub(x, x, y) != 0)
            {
                U256.Add(x, x, N);
            }
        }

        private static bool IsOne(uint[] a)
        {
            return a[0] == 1 && (a[1] | a[2] | a[3] | a[4] | a[5] | a[6] | a[7]) == 0;
        }
    }
}
