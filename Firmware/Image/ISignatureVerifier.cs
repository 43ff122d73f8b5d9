namespace FotaDevice.Image
{
    /// <summary>
    /// Checks an image signature with a trusted key. <see cref="SignatureVerifier"/> is the
    /// device's own (managed ECDSA P-256 and Ed25519); another implementation can stand in for it
    /// (hardware, or a reference implementation in tests).
    /// </summary>
    public interface ISignatureVerifier
    {
        /// <summary>
        /// Verifies a raw 64-byte signature at <paramref name="signatureOffset"/> (ECDSA: r‖s, each
        /// 32 bytes big-endian; Ed25519: R‖S) of the 32-byte SHA-256 image digest at
        /// <paramref name="digestOffset"/> with <paramref name="key"/>. ECDSA uses the digest as
        /// the hash (not hashed again); Ed25519 signs the digest as its message. Returns false
        /// for any invalid signature.
        /// </summary>
        bool Verify(TrustedKey key, byte[] digest, int digestOffset, byte[] signature, int signatureOffset);
    }
}
