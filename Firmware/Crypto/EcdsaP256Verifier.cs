using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// ECDSA verification on NIST P-256 (FIPS 186-5), in fixed memory: all scratch space is
    /// allocated by the constructor, a verification allocates nothing.
    /// </summary>
    public sealed class EcdsaP256Verifier
    {
        /// <summary>Size of an uncompressed SEC1 public key: 0x04, X, Y.</summary>
        public const int PublicKeySize = 65;

        /// <summary>Size of a raw signature: r then s, 32 bytes each, big-endian.</summary>
        public const int SignatureSize = 64;

        /// <summary>
        /// Verifies a raw (r, s) signature of a 32-byte hash. Returns false for any invalid key,
        /// signature or mismatch; never throws for bad key or signature bytes.
        /// </summary>
        public bool Verify(byte[] publicKey, int keyOffset, byte[] hash, int hashOffset, byte[] signature, int signatureOffset)
        {
            throw new NotSupportedException("ECDSA P-256 is not implemented yet");
        }
    }
}
