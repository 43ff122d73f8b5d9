using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// Incremental SHA-512 (FIPS 180-4), needed by Ed25519. Same shape as <see cref="Sha256"/>.
    /// </summary>
    public sealed class Sha512
    {
        /// <summary>Size of a digest in bytes.</summary>
        public const int HashSize = 64;

        /// <summary>Size of a message block in bytes.</summary>
        public const int BlockSize = 128;

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            throw new NotSupportedException("SHA-512 is not implemented yet");
        }

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            throw new NotSupportedException("SHA-512 is not implemented yet");
        }

        /// <summary>Writes the 64-byte digest at <paramref name="offset"/> and resets.</summary>
        public void Final(byte[] output, int offset)
        {
            throw new NotSupportedException("SHA-512 is not implemented yet");
        }
    }
}
