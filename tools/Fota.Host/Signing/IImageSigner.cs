namespace FotaDevice.Host.Signing;

/// <summary>The signature algorithms an image can be signed with.</summary>
public enum KeyType
{
    /// <summary>ECDSA on NIST P-256 with SHA-256 (MCUboot TLV 0x22).</summary>
    EcdsaP256,

    /// <summary>Ed25519 over the SHA-256 image digest (MCUboot TLV 0x24).</summary>
    Ed25519,
}

/// <summary>
/// Something that can sign an image digest as MCUboot expects: a private key in a file,
/// or (later) an HSM or a cloud key store. The private key never leaves the implementation.
/// </summary>
public interface IImageSigner
{
    /// <summary>The algorithm.</summary>
    KeyType KeyType { get; }

    /// <summary>The public key as DER SubjectPublicKeyInfo (the KEYHASH TLV is its SHA-256).</summary>
    byte[] PublicKeyInfo { get; }

    /// <summary>
    /// Signs the 32-byte SHA-256 image digest: ECDSA P-256 returns a DER SEQUENCE { r, s } over
    /// the digest (not hashed again); Ed25519 returns 64 bytes, the digest being the message.
    /// </summary>
    byte[] SignDigest(byte[] digest);
}
