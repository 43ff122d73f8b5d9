using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// Incremental SHA-512 (FIPS 180-4), in managed code for nanoFramework, which has none.
    /// Ed25519 hashes R, A and the message with it.
    /// </summary>
    /// <remarks>
    /// Same shape as <see cref="Sha256"/>: memory is fixed at construction (a 128-byte block
    /// buffer and an 80-word schedule); hashing allocates nothing. Full blocks are compressed
    /// straight from the caller's array. Words are <c>ulong</c>; the round loop has no calls and
    /// uses the short forms of Ch and Maj, because on the nanoFramework interpreter every IL
    /// instruction costs. The message length is counted in bytes as a <c>long</c>, so the upper
    /// half of the 128-bit length field is only ever the top bits of that count. An instance is
    /// not thread-safe.
    /// </remarks>
    public sealed class Sha512 : BlockHash
    {
        /// <summary>Size of a digest in bytes.</summary>
        public const int HashSize = 64;

        /// <summary>Size of a message block in bytes.</summary>
        public const int BlockSize = 128;

        // FIPS 180-4 section 4.2.3: the first 64 bits of the fractional parts of the cube roots
        // of the first 80 primes.
        private static readonly ulong[] K =
        {
            0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
            0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
            0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
            0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
            0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
            0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
            0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
            0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
            0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
            0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
            0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
            0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
            0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
            0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
            0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
            0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
            0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
            0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
            0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
            0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
        };

        private readonly ulong[] _state = new ulong[8];
        private readonly ulong[] _w = new ulong[80];

        /// <summary>Creates a hash ready for <see cref="BlockHash.Update"/>.</summary>
        public Sha512()
            : base(BlockSize, 16, HashSize)
        {
            Reset();
        }

        /// <inheritdoc/>
        protected override void ResetState()
        {
            // FIPS 180-4 section 5.3.5: the fractional parts of the square roots of the first 8 primes.
            ulong[] s = _state;
            s[0] = 0x6a09e667f3bcc908;
            s[1] = 0xbb67ae8584caa73b;
            s[2] = 0x3c6ef372fe94f82b;
            s[3] = 0xa54ff53a5f1d36f1;
            s[4] = 0x510e527fade682d1;
            s[5] = 0x9b05688c2b3e6c1f;
            s[6] = 0x1f83d9abfb41bd6b;
            s[7] = 0x5be0cd19137e2179;
        }

        /// <inheritdoc/>
        protected override void WriteDigest(byte[] output, int offset)
        {
            ulong[] s = _state;
            for (int i = 0; i < 8; i++)
            {
                ulong v = s[i];
                output[offset++] = (byte)(v >> 56);
                output[offset++] = (byte)(v >> 48);
                output[offset++] = (byte)(v >> 40);
                output[offset++] = (byte)(v >> 32);
                output[offset++] = (byte)(v >> 24);
                output[offset++] = (byte)(v >> 16);
                output[offset++] = (byte)(v >> 8);
                output[offset++] = (byte)v;
            }
        }

        /// <summary>One-shot SHA-512 of a byte range into <paramref name="output"/> at <paramref name="outputOffset"/>.</summary>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range is not inside its array.</exception>
        public static void Hash(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Sha512 sha = new Sha512();
            sha.Update(data, offset, count);
            sha.Final(output, outputOffset);
        }

        /// <summary>One-shot SHA-512 of a whole array, as a new 64-byte array.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
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
            ulong[] w = _w;
            ulong[] k = K;
            for (int i = 0; i < 16; i++)
            {
                uint hi = ((uint)block[offset] << 24) | ((uint)block[offset + 1] << 16) | ((uint)block[offset + 2] << 8) | block[offset + 3];
                uint lo = ((uint)block[offset + 4] << 24) | ((uint)block[offset + 5] << 16) | ((uint)block[offset + 6] << 8) | block[offset + 7];
                w[i] = ((ulong)hi << 32) | lo;
                offset += 8;
            }

            for (int i = 16; i < 80; i++)
            {
                ulong x = w[i - 15];
                ulong y = w[i - 2];
                w[i] = w[i - 16] + w[i - 7]
                    + (((x >> 1) | (x << 63)) ^ ((x >> 8) | (x << 56)) ^ (x >> 7))
                    + (((y >> 19) | (y << 45)) ^ ((y >> 61) | (y << 3)) ^ (y >> 6));
            }

            ulong[] s = _state;
            ulong a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
            for (int i = 0; i < 80; i++)
            {
                ulong t1 = h + (((e >> 14) | (e << 50)) ^ ((e >> 18) | (e << 46)) ^ ((e >> 41) | (e << 23)))
                    + (g ^ (e & (f ^ g))) + k[i] + w[i];
                ulong t2 = (((a >> 28) | (a << 36)) ^ ((a >> 34) | (a << 30)) ^ ((a >> 39) | (a << 25)))
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
