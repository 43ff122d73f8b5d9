using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// Incremental SHA-256 (FIPS 180-4), in managed code for nanoFramework, which has none.
    /// </summary>
    /// <remarks>
    /// Memory is fixed at construction (a 64-byte block buffer and a 64-word schedule); hashing
    /// allocates nothing. Full blocks are compressed straight from the caller's array. The round
    /// loop has no calls and uses the short forms of Ch and Maj, because on the nanoFramework
    /// interpreter every IL instruction costs. An instance is not thread-safe.
    /// </remarks>
    public sealed class Sha256 : BlockHash
    {
        /// <summary>Size of a digest in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Size of a message block in bytes.</summary>
        public const int BlockSize = 64;

        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _w = new uint[64];

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
            uint[] w = _w;
            uint[] k = K;
            for (int i = 0; i < 16; i++)
            {
                w[i] = ((uint)block[offset] << 24) | ((uint)block[offset + 1] << 16) | ((uint)block[offset + 2] << 8) | block[offset + 3];
                offset += 4;
            }

            for (int i = 16; i < 64; i++)
            {
                uint x = w[i - 15];
                uint y = w[i - 2];
                w[i] = w[i - 16] + w[i - 7]
                    + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3))
                    + (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10));
            }

            uint[] s = _state;
            uint a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
            for (int i = 0; i < 64; i++)
            {
                uint t1 = h + (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7)))
                    + (g ^ (e & (f ^ g))) + k[i] + w[i];
                uint t2 = (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10)))
                    + ((a & b) | (c & (a | b)));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            s[0] += a;
            s[1] += b;
            s[2] += c;
            s[3] += d;
            s[4] += e;
            s[5] += f;
            s[6] += g;
            s[7] += h;
        }
    }
}
