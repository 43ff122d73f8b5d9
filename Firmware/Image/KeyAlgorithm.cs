namespace FotaDevice.Image
{
    /// <summary>The signature algorithms FotaDevice verifies.</summary>
    public enum KeyAlgorithm
    {
        /// <summary>ECDSA on NIST P-256 over the SHA-256 image digest (TLV 0x22).</summary>
        EcdsaP256 = 1,

        /// <summary>Ed25519 whose message is the SHA-256 image digest (TLV 0x24).</summary>
        Ed25519 = 2,
    }
}
