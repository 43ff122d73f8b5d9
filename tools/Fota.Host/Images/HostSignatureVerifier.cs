using System.Security.Cryptography;
using FotaDevice.Host.Signing;
using FotaDevice.Image;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FotaDevice.Host.Images;

/// <summary>
/// Image signature checks with the host's libraries: .NET's <see cref="ECDsa"/> for P-256 and
/// BouncyCastle for Ed25519 (.NET has none). Also usable as the device validator's
/// <see cref="ISignatureVerifier"/> on the host.
/// </summary>
public sealed class HostSignatureVerifier : ISignatureVerifier
{
    /// <inheritdoc/>
    public bool Verify(TrustedKey key, byte[] digest, int digestOffset, byte[] signature, int signatureOffset)
    {
        var hash = digest.AsSpan(digestOffset, ImageFormat.DigestSize);
        var raw = signature.AsSpan(signatureOffset, DerSignature.RawSize);
        return key.Algorithm switch
        {
            KeyAlgorithm.EcdsaP256 => VerifyEcdsa(key.SubjectPublicKeyInfo, hash, raw, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            KeyAlgorithm.Ed25519 => VerifyEd25519(key.PublicKey, hash, raw),
            _ => false,
        };
    }

    /// <summary>
    /// Checks a signature TLV value as an image carries it: ECDSA P-256 strict DER over the digest
    /// (as prehash), or a 64-byte Ed25519 signature of the digest. <paramref name="subjectPublicKeyInfo"/>
    /// must be a key of <paramref name="keyType"/>. Returns false for a bad or malformed signature;
    /// throws <see cref="ArgumentException"/> for a malformed key or one of the wrong type.
    /// </summary>
    public static bool VerifyTlvSignature(KeyType keyType, byte[] subjectPublicKeyInfo, byte[] digest, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(signature);
        if (digest.Length != ImageFormat.DigestSize)
        {
            throw new ArgumentException("the digest must be 32 bytes", nameof(digest));
        }

        PublicKeyInfo info;
        try
        {
            info = PublicKeyInfo.Parse(subjectPublicKeyInfo, 0, subjectPublicKeyInfo.Length);
        }
        catch (ImageException e)
        {
            throw new ArgumentException(e.Message, nameof(subjectPublicKeyInfo), e);
        }

        if (info.Algorithm != ToAlgorithm(keyType))
        {
            throw new ArgumentException($"the public key is {info.Algorithm}, not {keyType}", nameof(subjectPublicKeyInfo));
        }

        if (keyType == KeyType.EcdsaP256)
        {
            // Strict DER first (what MCUboot's mbedTLS backend and the device accept), then .NET.
            try
            {
                DerSignature.Decode(signature, 0, signature.Length, new byte[DerSignature.RawSize], 0);
            }
            catch (ImageException)
            {
                return false;
            }

            return VerifyEcdsa(subjectPublicKeyInfo, digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }

        return signature.Length == DerSignature.RawSize && VerifyEd25519(info.PublicKey, digest, signature);
    }

    /// <summary>The device's algorithm for a host key type.</summary>
    public static KeyAlgorithm ToAlgorithm(KeyType keyType) => keyType switch
    {
        KeyType.EcdsaP256 => KeyAlgorithm.EcdsaP256,
        KeyType.Ed25519 => KeyAlgorithm.Ed25519,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, null),
    };

    /// <summary>The signature TLV type for a key type.</summary>
    public static int SignatureTlvType(KeyType keyType) => keyType switch
    {
        KeyType.EcdsaP256 => ImageFormat.TlvEcdsaSignature,
        KeyType.Ed25519 => ImageFormat.TlvEd25519Signature,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, null),
    };

    private static bool VerifyEcdsa(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return ecdsa.VerifyHash(digest, signature, format);
    }

    private static bool VerifyEd25519(byte[] publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Ed25519PublicKeyParameters key;
        try
        {
            key = new Ed25519PublicKeyParameters(publicKey, 0);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var signer = new Ed25519Signer();
        signer.Init(false, key);
        signer.BlockUpdate(message.ToArray(), 0, message.Length);
        return signer.VerifySignature(signature.ToArray());
    }
}
