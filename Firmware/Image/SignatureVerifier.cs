using FotaDevice.Crypto;

namespace FotaDevice.Image
{
    /// <summary>
    /// The device's signature check: <see cref="EcdsaP256Verifier"/> and
    /// <see cref="Ed25519Verifier"/>. A verifier's scratch memory is allocated once, by the
    /// constructor for the algorithms of the given keys, otherwise on its first use.
    /// </summary>
    public sealed class SignatureVerifier : ISignatureVerifier
    {
        private EcdsaP256Verifier _ecdsa;
        private Ed25519Verifier _ed25519;

        /// <summary>Creates the verifiers needed for <paramref name="keys"/> (may be null: created when first used).</summary>
        public SignatureVerifier(KeyRing keys)
        {
            if (keys != null && keys.Contains(KeyAlgorithm.EcdsaP256))
            {
                _ecdsa = new EcdsaP256Verifier();
            }

            if (keys != null && keys.Contains(KeyAlgorithm.Ed25519))
            {
                _ed25519 = new Ed25519Verifier();
            }
        }

        /// <inheritdoc/>
        public bool Verify(TrustedKey key, byte[] digest, int digestOffset, byte[] signature, int signatureOffset)
        {
            if (key.Algorithm == KeyAlgorithm.EcdsaP256)
            {
                if (_ecdsa == null)
                {
                    _ecdsa = new EcdsaP256Verifier();
                }

                return _ecdsa.Verify(key.PublicKey, 0, digest, digestOffset, signature, signatureOffset);
            }

            if (key.Algorithm == KeyAlgorithm.Ed25519)
            {
                if (_ed25519 == null)
                {
                    _ed25519 = new Ed25519Verifier();
                }

                return _ed25519.Verify(key.PublicKey, 0, digest, digestOffset, ImageFormat.DigestSize, signature, signatureOffset);
            }

            return false;
        }
    }
}
