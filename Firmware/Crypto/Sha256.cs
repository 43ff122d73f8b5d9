using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// Incremental SHA-256 (FIPS 180-4), in managed code for nanoFramework, which has none.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Memory is fixed at construction (a 64-byte block buffer and the state); hashing allocates
    /// nothing. Full blocks are compressed straight from the caller's array. An instance is not
    /// thread-safe.
    /// </para>
    /// <para>
    /// The compression is written for the nanoFramework interpreter, where every executed IL
    /// instruction costs about the same and locals are the cheapest operands: about 6,500
    /// instructions a block instead of 10,900 for the textbook loop (docs/benchmarks.md). The
    /// message schedule lives in 16 locals, a rolling window, instead of a 64-word array; the
    /// 16-round loop body is unrolled, and the working variables change names from round to round
    /// instead of moving; no calls.
    /// </para>
    /// <para>
    /// Rotations are the trick. Every word is held in a <c>ulong</c> whose low 32 bits are its
    /// value. A word that will be rotated (the new a and e of each round, every schedule word) is
    /// kept doubled, x * (2^32 + 1) = x:x, so that the low 32 bits of x:x &gt;&gt; n are x rotated
    /// right by n: one shift instead of two shifts and an or. The high halves of the other
    /// values are garbage that additions and logic operations carry along and never let down
    /// into the low 32 bits; a value is cut back to 32 bits ((uint)) only when it is doubled again.
    /// A right shift of a doubled word (σ0's and σ1's shr) masks off the bits that come down from
    /// the high copy.
    /// </para>
    /// </remarks>
    public sealed class Sha256 : BlockHash
    {
        /// <summary>Size of a digest in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Size of a message block in bytes.</summary>
        public const int BlockSize = 64;

        // FIPS 180-4 section 4.2.2, as 4 rows of 16 (one row per pass of the 16-round loop body).
        private static readonly ulong[][] K =
        {
            new ulong[]
            {
                0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
                0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            },
            new ulong[]
            {
                0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
                0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            },
            new ulong[]
            {
                0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
                0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            },
            new ulong[]
            {
                0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
                0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
            },
        };


        private readonly uint[] _state = new uint[8];

        /// <summary>Creates a hash ready for <see cref="BlockHash.Update"/>.</summary>
        public Sha256()
            : base(BlockSize, 8, HashSize)
        {
            Reset();
        }

        /// <inheritdoc/>
        protected override void ResetState()
        {
            uint[] s = _state;
            s[0] = 0x6a09e667;
            s[1] = 0xbb67ae85;
            s[2] = 0x3c6ef372;
            s[3] = 0xa54ff53a;
            s[4] = 0x510e527f;
            s[5] = 0x9b05688c;
            s[6] = 0x1f83d9ab;
            s[7] = 0x5be0cd19;
        }

        /// <inheritdoc/>
        protected override void WriteDigest(byte[] output, int offset)
        {
            uint[] s = _state;
            for (int i = 0; i < 8; i++)
            {
                uint v = s[i];
                output[offset++] = (byte)(v >> 24);
                output[offset++] = (byte)(v >> 16);
                output[offset++] = (byte)(v >> 8);
                output[offset++] = (byte)v;
            }
        }

        /// <summary>
        /// Copies this hash's state into <paramref name="target"/>, so that one pass over data can give
        /// the digest of a prefix (finish the copy) and of the whole (go on with this one).
        /// </summary>
        public void CopyTo(Sha256 target)
        {
            if (target == null)
            {
                throw new ArgumentNullException("target");
            }

            Array.Copy(_state, target._state, 8);
            CopyFrameTo(target);
        }

        /// <summary>One-shot SHA-256 of a byte range into <paramref name="output"/> at <paramref name="outputOffset"/>.</summary>
        public static void Hash(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Sha256 sha = new Sha256();
            sha.Update(data, offset, count);
            sha.Final(output, outputOffset);
        }

        /// <summary>One-shot SHA-256 of a whole array, as a new 32-byte array.</summary>
        public static byte[] Hash(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            byte[] digest = new byte[HashSize];
            Hash(data, 0, data.Length, digest, 0);
            return digest;
        }

        /// <inheritdoc/>
        protected override void Compress(byte[] block, int offset)
        {
            ulong m = 0x100000001UL; // x * m = x:x, a doubled 32-bit word (see the remarks)
            ulong mask10 = 0x003FFFFF, mask3 = 0x1FFFFFFF;
            ulong w0 = (ulong)(((uint)block[offset] << 24) | ((uint)block[offset + 1] << 16) | ((uint)block[offset + 2] << 8) | block[offset + 3]) * m;
            ulong w1 = (ulong)(((uint)block[offset + 4] << 24) | ((uint)block[offset + 5] << 16) | ((uint)block[offset + 6] << 8) | block[offset + 7]) * m;
            ulong w2 = (ulong)(((uint)block[offset + 8] << 24) | ((uint)block[offset + 9] << 16) | ((uint)block[offset + 10] << 8) | block[offset + 11]) * m;
            ulong w3 = (ulong)(((uint)block[offset + 12] << 24) | ((uint)block[offset + 13] << 16) | ((uint)block[offset + 14] << 8) | block[offset + 15]) * m;
            ulong w4 = (ulong)(((uint)block[offset + 16] << 24) | ((uint)block[offset + 17] << 16) | ((uint)block[offset + 18] << 8) | block[offset + 19]) * m;
            ulong w5 = (ulong)(((uint)block[offset + 20] << 24) | ((uint)block[offset + 21] << 16) | ((uint)block[offset + 22] << 8) | block[offset + 23]) * m;
            ulong w6 = (ulong)(((uint)block[offset + 24] << 24) | ((uint)block[offset + 25] << 16) | ((uint)block[offset + 26] << 8) | block[offset + 27]) * m;
            ulong w7 = (ulong)(((uint)block[offset + 28] << 24) | ((uint)block[offset + 29] << 16) | ((uint)block[offset + 30] << 8) | block[offset + 31]) * m;
            ulong w8 = (ulong)(((uint)block[offset + 32] << 24) | ((uint)block[offset + 33] << 16) | ((uint)block[offset + 34] << 8) | block[offset + 35]) * m;
            ulong w9 = (ulong)(((uint)block[offset + 36] << 24) | ((uint)block[offset + 37] << 16) | ((uint)block[offset + 38] << 8) | block[offset + 39]) * m;
            ulong w10 = (ulong)(((uint)block[offset + 40] << 24) | ((uint)block[offset + 41] << 16) | ((uint)block[offset + 42] << 8) | block[offset + 43]) * m;
            ulong w11 = (ulong)(((uint)block[offset + 44] << 24) | ((uint)block[offset + 45] << 16) | ((uint)block[offset + 46] << 8) | block[offset + 47]) * m;
            ulong w12 = (ulong)(((uint)block[offset + 48] << 24) | ((uint)block[offset + 49] << 16) | ((uint)block[offset + 50] << 8) | block[offset + 51]) * m;
            ulong w13 = (ulong)(((uint)block[offset + 52] << 24) | ((uint)block[offset + 53] << 16) | ((uint)block[offset + 54] << 8) | block[offset + 55]) * m;
            ulong w14 = (ulong)(((uint)block[offset + 56] << 24) | ((uint)block[offset + 57] << 16) | ((uint)block[offset + 58] << 8) | block[offset + 59]) * m;
            ulong w15 = (ulong)(((uint)block[offset + 60] << 24) | ((uint)block[offset + 61] << 16) | ((uint)block[offset + 62] << 8) | block[offset + 63]) * m;

            uint[] s = _state;
            ulong a = s[0] * m, b = s[1], c = s[2], d = s[3], e = s[4] * m, f = s[5], g = s[6], h = s[7];
            ulong[][] rows = K;
            for (int pass = 0; ; pass++)
            {
                ulong[] k = rows[pass];
                h += (e >> 6 ^ e >> 11 ^ e >> 25) + (g ^ (e & (f ^ g))) + k[0] + w0;
                d = (ulong)(uint)(d + h) * m;
                h = (ulong)(uint)(h + (a >> 2 ^ a >> 13 ^ a >> 22) + ((a & b) | (c & (a | b)))) * m;
                g += (d >> 6 ^ d >> 11 ^ d >> 25) + (f ^ (d & (e ^ f))) + k[1] + w1;
                c = (ulong)(uint)(c + g) * m;
                g = (ulong)(uint)(g + (h >> 2 ^ h >> 13 ^ h >> 22) + ((h & a) | (b & (h | a)))) * m;
                f += (c >> 6 ^ c >> 11 ^ c >> 25) + (e ^ (c & (d ^ e))) + k[2] + w2;
                b = (ulong)(uint)(b + f) * m;
                f = (ulong)(uint)(f + (g >> 2 ^ g >> 13 ^ g >> 22) + ((g & h) | (a & (g | h)))) * m;
                e += (b >> 6 ^ b >> 11 ^ b >> 25) + (d ^ (b & (c ^ d))) + k[3] + w3;
                a = (ulong)(uint)(a + e) * m;
                e = (ulong)(uint)(e + (f >> 2 ^ f >> 13 ^ f >> 22) + ((f & g) | (h & (f | g)))) * m;
                d += (a >> 6 ^ a >> 11 ^ a >> 25) + (c ^ (a & (b ^ c))) + k[4] + w4;
                h = (ulong)(uint)(h + d) * m;
                d = (ulong)(uint)(d + (e >> 2 ^ e >> 13 ^ e >> 22) + ((e & f) | (g & (e | f)))) * m;
                c += (h >> 6 ^ h >> 11 ^ h >> 25) + (b ^ (h & (a ^ b))) + k[5] + w5;
                g = (ulong)(uint)(g + c) * m;
                c = (ulong)(uint)(c + (d >> 2 ^ d >> 13 ^ d >> 22) + ((d & e) | (f & (d | e)))) * m;
                b += (g >> 6 ^ g >> 11 ^ g >> 25) + (a ^ (g & (h ^ a))) + k[6] + w6;
                f = (ulong)(uint)(f + b) * m;
                b = (ulong)(uint)(b + (c >> 2 ^ c >> 13 ^ c >> 22) + ((c & d) | (e & (c | d)))) * m;
                a += (f >> 6 ^ f >> 11 ^ f >> 25) + (h ^ (f & (g ^ h))) + k[7] + w7;
                e = (ulong)(uint)(e + a) * m;
                a = (ulong)(uint)(a + (b >> 2 ^ b >> 13 ^ b >> 22) + ((b & c) | (d & (b | c)))) * m;
                h += (e >> 6 ^ e >> 11 ^ e >> 25) + (g ^ (e & (f ^ g))) + k[8] + w8;
                d = (ulong)(uint)(d + h) * m;
                h = (ulong)(uint)(h + (a >> 2 ^ a >> 13 ^ a >> 22) + ((a & b) | (c & (a | b)))) * m;
                g += (d >> 6 ^ d >> 11 ^ d >> 25) + (f ^ (d & (e ^ f))) + k[9] + w9;
                c = (ulong)(uint)(c + g) * m;
                g = (ulong)(uint)(g + (h >> 2 ^ h >> 13 ^ h >> 22) + ((h & a) | (b & (h | a)))) * m;
                f += (c >> 6 ^ c >> 11 ^ c >> 25) + (e ^ (c & (d ^ e))) + k[10] + w10;
                b = (ulong)(uint)(b + f) * m;
                f = (ulong)(uint)(f + (g >> 2 ^ g >> 13 ^ g >> 22) + ((g & h) | (a & (g | h)))) * m;
                e += (b >> 6 ^ b >> 11 ^ b >> 25) + (d ^ (b & (c ^ d))) + k[11] + w11;
                a = (ulong)(uint)(a + e) * m;
                e = (ulong)(uint)(e + (f >> 2 ^ f >> 13 ^ f >> 22) + ((f & g) | (h & (f | g)))) * m;
                d += (a >> 6 ^ a >> 11 ^ a >> 25) + (c ^ (a & (b ^ c))) + k[12] + w12;
                h = (ulong)(uint)(h + d) * m;
                d = (ulong)(uint)(d + (e >> 2 ^ e >> 13 ^ e >> 22) + ((e & f) | (g & (e | f)))) * m;
                c += (h >> 6 ^ h >> 11 ^ h >> 25) + (b ^ (h & (a ^ b))) + k[13] + w13;
                g = (ulong)(uint)(g + c) * m;
                c = (ulong)(uint)(c + (d >> 2 ^ d >> 13 ^ d >> 22) + ((d & e) | (f & (d | e)))) * m;
                b += (g >> 6 ^ g >> 11 ^ g >> 25) + (a ^ (g & (h ^ a))) + k[14] + w14;
                f = (ulong)(uint)(f + b) * m;
                b = (ulong)(uint)(b + (c >> 2 ^ c >> 13 ^ c >> 22) + ((c & d) | (e & (c | d)))) * m;
                a += (f >> 6 ^ f >> 11 ^ f >> 25) + (h ^ (f & (g ^ h))) + k[15] + w15;
                e = (ulong)(uint)(e + a) * m;
                a = (ulong)(uint)(a + (b >> 2 ^ b >> 13 ^ b >> 22) + ((b & c) | (d & (b | c)))) * m;

                if (pass == 3)
                {
                    break;
                }

                // The next 16 schedule words, each over the one 16 places back (a rolling window).
                w0 = (ulong)(uint)(w0 + (w14 >> 17 ^ w14 >> 19 ^ (w14 >> 10 & mask10)) + w9 + (w1 >> 7 ^ w1 >> 18 ^ (w1 >> 3 & mask3))) * m;
                w1 = (ulong)(uint)(w1 + (w15 >> 17 ^ w15 >> 19 ^ (w15 >> 10 & mask10)) + w10 + (w2 >> 7 ^ w2 >> 18 ^ (w2 >> 3 & mask3))) * m;
                w2 = (ulong)(uint)(w2 + (w0 >> 17 ^ w0 >> 19 ^ (w0 >> 10 & mask10)) + w11 + (w3 >> 7 ^ w3 >> 18 ^ (w3 >> 3 & mask3))) * m;
                w3 = (ulong)(uint)(w3 + (w1 >> 17 ^ w1 >> 19 ^ (w1 >> 10 & mask10)) + w12 + (w4 >> 7 ^ w4 >> 18 ^ (w4 >> 3 & mask3))) * m;
                w4 = (ulong)(uint)(w4 + (w2 >> 17 ^ w2 >> 19 ^ (w2 >> 10 & mask10)) + w13 + (w5 >> 7 ^ w5 >> 18 ^ (w5 >> 3 & mask3))) * m;
                w5 = (ulong)(uint)(w5 + (w3 >> 17 ^ w3 >> 19 ^ (w3 >> 10 & mask10)) + w14 + (w6 >> 7 ^ w6 >> 18 ^ (w6 >> 3 & mask3))) * m;
                w6 = (ulong)(uint)(w6 + (w4 >> 17 ^ w4 >> 19 ^ (w4 >> 10 & mask10)) + w15 + (w7 >> 7 ^ w7 >> 18 ^ (w7 >> 3 & mask3))) * m;
                w7 = (ulong)(uint)(w7 + (w5 >> 17 ^ w5 >> 19 ^ (w5 >> 10 & mask10)) + w0 + (w8 >> 7 ^ w8 >> 18 ^ (w8 >> 3 & mask3))) * m;
                w8 = (ulong)(uint)(w8 + (w6 >> 17 ^ w6 >> 19 ^ (w6 >> 10 & mask10)) + w1 + (w9 >> 7 ^ w9 >> 18 ^ (w9 >> 3 & mask3))) * m;
                w9 = (ulong)(uint)(w9 + (w7 >> 17 ^ w7 >> 19 ^ (w7 >> 10 & mask10)) + w2 + (w10 >> 7 ^ w10 >> 18 ^ (w10 >> 3 & mask3))) * m;
                w10 = (ulong)(uint)(w10 + (w8 >> 17 ^ w8 >> 19 ^ (w8 >> 10 & mask10)) + w3 + (w11 >> 7 ^ w11 >> 18 ^ (w11 >> 3 & mask3))) * m;
                w11 = (ulong)(uint)(w11 + (w9 >> 17 ^ w9 >> 19 ^ (w9 >> 10 & mask10)) + w4 + (w12 >> 7 ^ w12 >> 18 ^ (w12 >> 3 & mask3))) * m;
                w12 = (ulong)(uint)(w12 + (w10 >> 17 ^ w10 >> 19 ^ (w10 >> 10 & mask10)) + w5 + (w13 >> 7 ^ w13 >> 18 ^ (w13 >> 3 & mask3))) * m;
                w13 = (ulong)(uint)(w13 + (w11 >> 17 ^ w11 >> 19 ^ (w11 >> 10 & mask10)) + w6 + (w14 >> 7 ^ w14 >> 18 ^ (w14 >> 3 & mask3))) * m;
                w14 = (ulong)(uint)(w14 + (w12 >> 17 ^ w12 >> 19 ^ (w12 >> 10 & mask10)) + w7 + (w15 >> 7 ^ w15 >> 18 ^ (w15 >> 3 & mask3))) * m;
                w15 = (ulong)(uint)(w15 + (w13 >> 17 ^ w13 >> 19 ^ (w13 >> 10 & mask10)) + w8 + (w0 >> 7 ^ w0 >> 18 ^ (w0 >> 3 & mask3))) * m;
            }

            s[0] += (uint)a;
            s[1] += (uint)b;
            s[2] += (uint)c;
            s[3] += (uint)d;
            s[4] += (uint)e;
            s[5] += (uint)f;
            s[6] += (uint)g;
            s[7] += (uint)h;
        }
    }
}
