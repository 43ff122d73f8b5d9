using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// Ed25519 signature verification (RFC 8032), in fixed memory: all scratch space is
    /// allocated by the constructor, a verification allocates nothing.
    /// </summary>
    public sealed class Ed25519Verifier
    {
        /// <summary>Size of a public key.</summary>
        public const int PublicKeySize = 32;

        /// <summary>Size of a signature: R then S.</summary>
        public const int SignatureSize = 64;

        /// <summary>
        /// Verifies a signature of a message. Returns false for any invalid key, signature or
        /// mismatch; never throws for bad key or signature bytes.
        /// </summary>
        public bool Verify(byte[] publicKey, int keyOffset, byte[] message, int messageOffset, int messageLength, byte[] signature, int signatureOffset)
        {
            throw new NotSupportedException("Ed25519 is not implemented yet");
        }
    }
}
