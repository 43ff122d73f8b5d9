using System.Formats.Asn1;
using FotaDevice.Host.Signing;
using Org.BouncyCastle.Asn1.X9;

namespace FotaDevice.Host.Keys;

/// <summary>
/// Public keys as a device must trust them: a P-256 point on the curve in uncompressed form (the
/// device reads only that; a compressed key is expanded here), an Ed25519 key that decodes to a
/// point of the curve. A key that fails would make a firmware that refuses every update.
/// </summary>
public static class PublicKeys
{
    private static readonly X9ECParameters P256 = ECNamedCurveTable.GetByName("P-256");

    /// <summary>
    /// The SubjectPublicKeyInfo the device takes for <paramref name="spki"/>: checked, a compressed
    /// P-256 point expanded. <see cref="KeyFileException"/> (naming <paramref name="path"/>) for a key
    /// that is not a valid P-256 or Ed25519 public key.
    /// </summary>
    public static (KeyType Type, byte[] Spki) Normalize(byte[] spki, string path)
    {
        string algorithm;
        string? curve = null;
        byte[] key;
        try
        {
            var info = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            var id = info.ReadSequence();
            algorithm = id.ReadObjectIdentifier();
            if (id.HasData && id.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                curve = id.ReadObjectIdentifier();
            }

            key = info.ReadBitString(out var unused);
            if (unused != 0)
            {
                throw new KeyFileException($"{path}: the public key is not whole bytes");
            }
        }
        catch (AsnContentException e)
        {
            throw new KeyFileException($"{path}: not a DER SubjectPublicKeyInfo ({e.Message})", e);
        }

        if (algorithm == SigningKey.Ed25519Oid)
        {
            if (key.Length != 32 || !Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.ValidatePublicKeyFull(key, 0))
            {
                throw new KeyFileException($"{path}: the Ed25519 public key is not a valid point of the curve (no signature could ever verify)");
            }

            return (KeyType.Ed25519, PublicKeyFile.Ed25519Spki(key));
        }

        if (algorithm != SigningKey.EcPublicKeyOid)
        {
            throw new KeyFileException($"{path}: a key of algorithm {algorithm}; only ECDSA P-256 and Ed25519 are supported");
        }

        if (curve != SigningKey.P256Oid)
        {
            throw new KeyFileException($"{path}: an EC key on {curve ?? "explicit curve parameters"}; only P-256 (prime256v1) is supported");
        }

        Org.BouncyCastle.Math.EC.ECPoint point;
        try
        {
            point = P256.Curve.DecodePoint(key).Normalize();
        }
        catch (ArgumentException)
        {
            throw new KeyFileException($"{path}: the P-256 public key is not a point of the curve (no signature could ever verify)");
        }

        if (point.IsInfinity || !point.IsValid())
        {
            throw new KeyFileException($"{path}: the P-256 public key is not a valid point of the curve (no signature could ever verify)");
        }

        return (KeyType.EcdsaP256, EncodeP256(point.GetEncoded(compressed: false)));
    }

    private static byte[] EncodeP256(byte[] uncompressedPoint)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(SigningKey.EcPublicKeyOid);
                writer.WriteObjectIdentifier(SigningKey.P256Oid);
            }

            writer.WriteBitString(uncompressedPoint);
        }

        return writer.Encode();
    }
}
