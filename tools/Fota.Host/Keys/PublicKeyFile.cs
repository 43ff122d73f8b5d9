using System.Security.Cryptography;
using FotaDevice.Host.Signing;

namespace FotaDevice.Host.Keys;

/// <summary>A public key (DER SubjectPublicKeyInfo) from a public or private key file.</summary>
public sealed record PublicKeyFile(KeyType KeyType, byte[] SubjectPublicKeyInfo)
{
    /// <summary>SHA-256 of the SubjectPublicKeyInfo: the KEYHASH TLV of images signed with this key.</summary>
    public byte[] KeyHash => SHA256.HashData(SubjectPublicKeyInfo);

    /// <summary>
    /// Reads <c>BEGIN PUBLIC KEY</c> files (compressed P-256 points too), or takes the public half of
    /// a private key file. The key is checked as a device needs it (<see cref="PublicKeys.Normalize"/>).
    /// </summary>
    public static PublicKeyFile Load(string path, string? passphrase = null)
    {
        var blocks = PemFile.ReadAll(path);
        var pub = blocks.FirstOrDefault(b => b.Label == "PUBLIC KEY");
        if (pub == null)
        {
            using var key = SigningKey.Load(path, passphrase);
            var (privateType, spki) = PublicKeys.Normalize(key.PublicKeyInfo, path);
            return new PublicKeyFile(privateType, spki);
        }

        var (type, normalized) = PublicKeys.Normalize(pub.Der, path);
        return new PublicKeyFile(type, normalized);
    }

    /// <summary>The SubjectPublicKeyInfo of a raw 32-byte Ed25519 public key.</summary>
    public static byte[] Ed25519Spki(byte[] raw) =>
        [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. raw];
}
