using System;
using FotaDevice.Crypto.P256;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// ECDSA verification on NIST P-256 (FIPS 186-5), in fixed memory: all scratch space is
    /// allocated by the constructor, a verification allocates nothing.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Checks, in order: r and s in [1, n - 1]; the key is 0x04 || X || Y with X, Y &lt; p and
    /// on the curve y^2 = x^3 - 3x + b; then R = u1 G + u2 Q with w = s^-1, u1 = e w, u2 = r w
    /// (e = the 32-byte hash as an integer, reduced mod n) must not be the point at infinity and
    /// its x coordinate mod n must equal r. Any failure returns false.
    /// </para>
    /// <para>
    /// R is computed with both scalars interleaved over one chain of doublings (Shamir's trick),
    /// each in width-w NAF: width 5 for G with a constant affine table, width 4 for Q with a
    /// table of 1Q, 3Q, 5Q, 7Q built per call. The x check is done without a field inversion,
    /// by comparing X with r Z^2 (and (r + n) Z^2 when r + n &lt; p). Field arithmetic is
    /// Montgomery multiplication on 28-bit limbs (<see cref="P256Field"/>), chosen for the
    /// interpreter's cost model: about 3.4 million IL instructions a verification instead of 6.7
    /// million with 32-bit limbs and special-form reduction (docs/benchmarks.md).
    /// </para>
    /// <para>
    /// Verification works on public data only, so the code is not constant time. An instance
    /// is not thread-safe; it holds about 3.4 KB of arrays (plus their object headers) as scratch space,
    /// and all instances share the 1.3 KB Montgomery-form table of G's multiples.
    /// </para>
    /// </remarks>
    public sealed class EcdsaP256Verifier
    {
        /// <summary>Size of an uncompressed SEC1 public key: 0x04, X, Y.</summary>
        public const int PublicKeySize = 65;

        /// <summary>Size of a raw signature: r then s, 32 bytes each, big-endian.</summary>
        public const int SignatureSize = 64;

        private const int HashSize = 32;
        private const int KeyWidth = 4;

        private readonly P256Scalar _scalar = new P256Scalar();
        private readonly P256PointArithmetic _arith = new P256PointArithmetic();

        private readonly uint[] _r = new uint[8];
        private readonly uint[] _s = new uint[8];
        private readonly uint[] _e = new uint[8];
        private readonly uint[] _w = new uint[8];
        private readonly uint[] _words = new uint[8];
        private readonly long[] _qx = new long[P256Field.Limbs];
        private readonly long[] _qy = new long[P256Field.Limbs];
        private readonly long[] _f1 = new long[P256Field.Limbs];
        private readonly long[] _f2 = new long[P256Field.Limbs];

        private readonly sbyte[] _digitsG = new sbyte[P256Wnaf.DigitsLength(P256Generator.Width)];
        private readonly sbyte[] _digitsQ = new sbyte[P256Wnaf.DigitsLength(KeyWidth)];
        private readonly P256Point[] _keyTable = new P256Point[1 << (KeyWidth - 2)];
        private readonly P256Point _negated = new P256Point();
        private readonly P256Point _acc = new P256Point();

        /// <summary>Creates a verifier, allocating all the memory a verification needs.</summary>
        public EcdsaP256Verifier()
        {
            for (int i = 0; i < _keyTable.Length; i++)
            {
                _keyTable[i] = new P256Point();
            }
        }

        /// <summary>
        /// Verifies a raw (r, s) signature of a 32-byte hash. Returns false for any invalid key,
        /// signature or mismatch; never throws for bad key or signature bytes.
        /// </summary>
        /// <param name="publicKey">Holds the <see cref="PublicKeySize"/>-byte uncompressed key.</param>
        /// <param name="keyOffset">Where the key starts in <paramref name="publicKey"/>.</param>
        /// <param name="hash">Holds the 32-byte SHA-256 digest of the message.</param>
        /// <param name="hashOffset">Where the digest starts in <paramref name="hash"/>.</param>
        /// <param name="signature">Holds the <see cref="SignatureSize"/>-byte signature r || s.</param>
        /// <param name="signatureOffset">Where the signature starts in <paramref name="signature"/>.</param>
        /// <returns>True when the signature is valid for the hash under the key.</returns>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A key, hash or signature range is not inside its array.</exception>
        public bool Verify(byte[] publicKey, int keyOffset, byte[] hash, int hashOffset, byte[] signature, int signatureOffset)
        {
            CheckRange(publicKey, keyOffset, PublicKeySize, "publicKey", "keyOffset");
            CheckRange(hash, hashOffset, HashSize, "hash", "hashOffset");
            CheckRange(signature, signatureOffset, SignatureSize, "signature", "signatureOffset");

            U256.FromBigEndian(_r, signature, signatureOffset);
            U256.FromBigEndian(_s, signature, signatureOffset + 32);
            if (!P256Scalar.IsInRange(_r) || !P256Scalar.IsInRange(_s))
            {
                return false;
            }

            if (!LoadPublicKey(publicKey, keyOffset))
            {
                return false;
            }

            // w = s^-1 (then in Montgomery form), u1 = e w, u2 = r w (plain), as NAF digits.
            U256.FromBigEndian(_e, hash, hashOffset);
            P256Scalar.ReduceOnce(_e);
            _scalar.Invert(_w, _s);
            _scalar.ToMontgomery(_w, _w);
            _scalar.MontMul(_words, _e, _w);
            int lengthG = P256Wnaf.Recode(_digitsG, _words, P256Generator.Width);
            _scalar.MontMul(_words, _r, _w);
            int lengthQ = P256Wnaf.Recode(_digitsQ, _words, KeyWidth);

            BuildKeyTable();
            MultiplyAdd(lengthG > lengthQ ? lengthG : lengthQ);
            return XMatches();
        }

        private static void CheckRange(byte[] array, int offset, int size, string arrayName, string offsetName)
        {
            if (array == null)
            {
                throw new ArgumentNullException(arrayName);
            }

            if (offset < 0 || offset > array.Length - size)
            {
                throw new ArgumentOutOfRangeException(offsetName);
            }
        }

        /// <summary>Reads Q into _qx, _qy; false unless it is 0x04 || X || Y, X, Y &lt; p, on the curve.</summary>
        /// <summary>
        /// True when the <see cref="PublicKeySize"/>-byte uncompressed key at <paramref name="keyOffset"/>
        /// is a point on P-256 (coordinates below p, on the curve): a key that is not can verify nothing.
        /// </summary>
        public bool IsValidPublicKey(byte[] publicKey, int keyOffset)
        {
            CheckRange(publicKey, keyOffset, PublicKeySize, "publicKey", "keyOffset");
            return LoadPublicKey(publicKey, keyOffset);
        }

        private bool LoadPublicKey(byte[] key, int offset)
        {
            if (key[offset] != 0x04)
            {
                return false;
            }

            uint[] words = _words;
            long[] x = _qx, y = _qy;
            U256.FromBigEndian(words, key, offset + 1);
            if (U256.Compare(words, P256Field.P) >= 0)
            {
                return false;
            }

            P256Field.ToMontgomery(x, words);
            U256.FromBigEndian(words, key, offset + 33);
            if (U256.Compare(words, P256Field.P) >= 0)
            {
                return false;
            }

            P256Field.ToMontgomery(y, words);

            // y^2 = x^3 - 3x + b = x (x^2 - 3) + b. (No key on the curve is infinity, whose
            // SEC1 encoding is the single byte 0x00.)
            long[] rhs = _f1;
            P256Field.Sqr(rhs, x);
            Limbs10.Sub(rhs, rhs, P256Field.Three);
            P256Field.Mul(rhs, rhs, x);
            Limbs10.Add(rhs, rhs, P256Field.B);
            P256Field.Sqr(_f2, y);
            return P256Field.Equal(rhs, _f2);
        }

        /// <summary>_keyTable[i] = (2i + 1) Q.</summary>
        private void BuildKeyTable()
        {
            P256Point twice = _acc; // free until MultiplyAdd starts
            P256Point[] table = _keyTable;
            table[0].SetAffine(_qx, _qy);
            twice.CopyFrom(table[0]);
            _arith.Double(twice);
            for (int i = 1; i < table.Length; i++)
            {
                table[i].CopyFrom(table[i - 1]);
                _arith.Add(table[i], twice);
            }
        }

        /// <summary>_acc = u1 G + u2 Q from the NAF digits, top digit first.</summary>
        private void MultiplyAdd(int length)
        {
            P256Point acc = _acc;
            P256PointArithmetic arith = _arith;
            sbyte[] digitsG = _digitsG, digitsQ = _digitsQ;
            long[][] gx = P256Generator.MontgomeryX, gy = P256Generator.MontgomeryY;
            acc.SetInfinity();

            for (int i = length - 1; i >= 0; i--)
            {
                arith.Double(acc);

                int d = digitsG[i];
                if (d > 0)
                {
                    arith.AddAffine(acc, gx[d >> 1], gy[d >> 1]);
                }
                else if (d < 0)
                {
                    Limbs10.Neg(_f1, gy[-d >> 1]);
                    arith.AddAffine(acc, gx[-d >> 1], _f1);
                }

                d = digitsQ[i];
                if (d > 0)
                {
                    arith.Add(acc, _keyTable[d >> 1]);
                }
                else if (d < 0)
                {
                    P256Point negated = _negated;
                    negated.CopyFrom(_keyTable[-d >> 1]);
                    Limbs10.Neg(negated.Y, negated.Y);
                    arith.Add(acc, negated);
                }
            }
        }

        /// <summary>
        /// Whether _acc is not infinity and x(_acc) mod n = r. x = X / Z^2 is below p, and
        /// p &lt; 2n, so x mod n = r means x = r or x = r + n (possible only when r + n &lt; p).
        /// </summary>
        private bool XMatches()
        {
            P256Point acc = _acc;
            if (acc.IsInfinity)
            {
                return false;
            }

            long[] zz = _f1, candidate = _f2;
            P256Field.Sqr(zz, acc.Z);
            P256Field.ToMontgomery(candidate, _r);
            P256Field.Mul(candidate, candidate, zz);
            if (P256Field.Equal(candidate, acc.X))
            {
                return true;
            }

            uint carry = U256.Add(_r, _r, P256Scalar.N);
            if (carry != 0 || U256.Compare(_r, P256Field.P) >= 0)
            {
                return false;
            }

            P256Field.ToMontgomery(candidate, _r);
            P256Field.Mul(candidate, candidate, zz);
            return P256Field.Equal(candidate, acc.X);
        }
    }
}
