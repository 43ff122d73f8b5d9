using System.Security.Cryptography;
using FotaDevice.Host.Signing;
using FotaDevice.Image;

namespace FotaDevice.Host.Keys;

/// <summary>A public key (DER SubjectPublicKeyInfo) from a public or private key file.</summary>
public sealed record PublicKeyFile(KeyType KeyType, byte[] SubjectPublicKeyInfo)
{
    /// <summary>SHA-256 of the SubjectPublicKeyInfo: the KEYHASH TLV of images signed with this key.</summary>
    public byte[] KeyHash => SHA256.HashData(SubjectPublicKeyInfo);

    /// <summary>Reads <c>BEGIN PUBLIC KEY</c> files, or takes the public half of a private key file.</summary>
    public static PublicKeyFile Load(string path, string? passphrase = null)
    {
        var (label, der) = PemFile.Read(path);
        if (label != "PUBLIC KEY")
        {
            using var key = SigningKey.Load(path, passphrase);
            return new PublicKeyFile(key.KeyType, key.PublicKeyInfo);
        }

        try
        {
            var algorithm = PublicKeyInfo.Inspect(der, 0, der.Length, out _, out _);
            return new PublicKeyFile(algorithm == KeyAlgorithm.Ed25519 ? KeyType.Ed25519 : KeyType.EcdsaP256, der);
        }
        catch (ImageException e)
        {
            throw new KeyFileException($"{path}: not an ECDSA P-256 or Ed25519 public key ({e.Message})");
        }
    }

    /// <summary>The SubjectPublicKeyInfo of a raw 32-byte Ed25519 public key.</summary>
    public static byte[] Ed25519Spki(byte[] raw) =>
        [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. raw];
}
