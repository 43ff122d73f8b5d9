using System.Security.Cryptography;
using System.Text;
using FotaDevice.Host.Signing;
using FotaDevice.Image;

namespace FotaDevice.Host.Images;

/// <summary>How an image names its signing key.</summary>
public enum KeyReference
{
    /// <summary>KEYHASH TLV: SHA-256 of the key's SubjectPublicKeyInfo (imgtool's default).</summary>
    Hash,

    /// <summary>PUBKEY TLV: the SubjectPublicKeyInfo itself (imgtool <c>--public-key-format full</c>).</summary>
    Full,
}

/// <summary>An image before signing, and the digest to sign.</summary>
/// <param name="Bytes">Header, body, protected TLVs and a TLV area holding only the SHA256 TLV.</param>
/// <param name="Digest">SHA-256 of header, body and protected TLV area: what the signer signs.</param>
public sealed record UnsignedImage(byte[] Bytes, byte[] Digest);

/// <summary>
/// Builds MCUboot images with the layout <c>imgtool sign</c> produces (docs/image-format.md):
/// header (+ padding), body, protected TLVs (SEC_CNT, then FOTA_PRODUCT), then SHA256, key and
/// signature TLVs. Signing can be detached: <see cref="Build"/>, sign <see cref="UnsignedImage.Digest"/>
/// elsewhere, then <see cref="Attach"/>.
/// </summary>
public static class ImageBuilder
{
    /// <summary>
    /// Builds an unsigned image (like imgtool without a key: its TLV area holds only the SHA256 TLV).
    /// Throws <see cref="ArgumentException"/> for options outside the format's limits or a body too
    /// large for a 32-bit size.
    /// </summary>
    public static UnsignedImage Build(byte[] body, ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (options.HeaderSize is < ImageFormat.HeaderSize or > ImageFormat.MaxHeaderSize)
        {
            throw new ArgumentException($"header size {options.HeaderSize} is outside {ImageFormat.HeaderSize}..{ImageFormat.MaxHeaderSize}", nameof(options));
        }

        var prot = new List<byte>();
        if (options.SecurityCounter is { } counter)
        {
            AddTlv(prot, ImageFormat.TlvSecurityCounter, BitConverter.GetBytes(counter));
        }

        if (options.ProductId is { } product)
        {
            var bytes = Encoding.UTF8.GetBytes(product);
            if (bytes.Length is < 1 or > ImageFormat.MaxProductIdSize || !Utf8Text.IsCleanText(bytes, 0, bytes.Length))
            {
                throw new ArgumentException($"product id '{product}' must be 1..{ImageFormat.MaxProductIdSize} bytes of UTF-8 without control characters", nameof(options));
            }

            AddTlv(prot, ImageFormat.TlvProductId, bytes);
        }

        int protSize = prot.Count == 0 ? 0 : prot.Count + ImageFormat.TlvHeaderSize;
        if (protSize > ImageFormat.MaxProtectedTlvSize)
        {
            throw new ArgumentException($"protected TLVs take {protSize} bytes, more than {ImageFormat.MaxProtectedTlvSize}", nameof(options));
        }

        int hashed = checked(options.HeaderSize + body.Length + protSize);
        var image = new byte[hashed + ImageFormat.TlvHeaderSize + ImageFormat.TlvHeaderSize + ImageFormat.DigestSize];
        ImageHeader.Write(image, 0, options.HeaderSize, protSize, (uint)body.Length, options.Version);
        image.AsSpan(ImageFormat.HeaderSize, options.HeaderSize - ImageFormat.HeaderSize).Fill(options.HeaderPadding);
        body.CopyTo(image, options.HeaderSize);
        int at = options.HeaderSize + body.Length;
        if (protSize != 0)
        {
            WriteInfo(image, at, ImageFormat.ProtectedTlvInfoMagic, protSize);
            prot.CopyTo(image, at + ImageFormat.TlvHeaderSize);
        }

        var digest = SHA256.HashData(image.AsSpan(0, hashed));
        WriteInfo(image, hashed, ImageFormat.TlvInfoMagic, image.Length - hashed);
        WriteTlvHeader(image, hashed + ImageFormat.TlvHeaderSize, ImageFormat.TlvSha256, ImageFormat.DigestSize);
        digest.CopyTo(image, hashed + 2 * ImageFormat.TlvHeaderSize);
        return new UnsignedImage(image, digest);
    }

    /// <summary>
    /// Adds a signature to an unsigned image made by <see cref="Build"/> (or imgtool without a key):
    /// re-reads and re-checks it, checks the signature over its digest with the public key
    /// (ECDSA P-256: strict DER over the digest as prehash; Ed25519: 64 bytes, message = digest),
    /// and appends the key TLV (KEYHASH or PUBKEY) and the signature TLV.
    /// Throws <see cref="ArgumentException"/> for an image that is not an unsigned image, a key of
    /// the wrong type, or a signature that does not verify.
    /// </summary>
    public static byte[] Attach(byte[] unsignedImage, KeyType keyType, byte[] publicKeyInfo, byte[] signature, KeyReference keyReference = KeyReference.Hash)
    {
        ArgumentNullException.ThrowIfNull(unsignedImage);
        ArgumentNullException.ThrowIfNull(publicKeyInfo);
        ArgumentNullException.ThrowIfNull(signature);
        ImageDescription image;
        try
        {
            image = ImageReader.Read(unsignedImage);
        }
        catch (ImageException e)
        {
            throw new ArgumentException("not an MCUboot image: " + e.Message, nameof(unsignedImage), e);
        }

        var unprotected = image.Tlvs.Where(t => t.Area == TlvArea.Unprotected).ToList();
        if (image.TrailingBytes != 0)
        {
            throw new ArgumentException($"{image.TrailingBytes} bytes after the image", nameof(unsignedImage));
        }

        if (unprotected.Count != 1 || unprotected[0].Type != ImageFormat.TlvSha256)
        {
            throw new ArgumentException("not an unsigned image: its TLV area must hold exactly one SHA256 TLV", nameof(unsignedImage));
        }

        if (!image.HashMatches)
        {
            throw new ArgumentException("the image's SHA256 TLV does not match its contents", nameof(unsignedImage));
        }

        if (!HostSignatureVerifier.VerifyTlvSignature(keyType, publicKeyInfo, image.ComputedHash, signature))
        {
            throw new ArgumentException($"the {keyType} signature does not verify over the image digest with this public key", nameof(signature));
        }

        var keyValue = keyReference == KeyReference.Hash ? SHA256.HashData(publicKeyInfo) : publicKeyInfo;
        int keyType16 = keyReference == KeyReference.Hash ? ImageFormat.TlvKeyHash : ImageFormat.TlvPublicKey;
        int tlvStart = image.HashedLength;
        int oldTotal = unsignedImage.Length - tlvStart;
        int newTotal = oldTotal + 2 * ImageFormat.TlvHeaderSize + keyValue.Length + signature.Length;
        if (newTotal > ImageFormat.MaxTlvAreaSize)
        {
            throw new ArgumentException($"the TLV area would take {newTotal} bytes, more than {ImageFormat.MaxTlvAreaSize}");
        }

        var signed = new byte[tlvStart + newTotal];
        unsignedImage.CopyTo(signed, 0);
        WriteInfo(signed, tlvStart, ImageFormat.TlvInfoMagic, newTotal);
        int at = unsignedImage.Length;
        WriteTlvHeader(signed, at, keyType16, keyValue.Length);
        keyValue.CopyTo(signed, at + ImageFormat.TlvHeaderSize);
        at += ImageFormat.TlvHeaderSize + keyValue.Length;
        WriteTlvHeader(signed, at, HostSignatureVerifier.SignatureTlvType(keyType), signature.Length);
        signature.CopyTo(signed, at + ImageFormat.TlvHeaderSize);
        return signed;
    }

    /// <summary>Builds and signs in one go: <see cref="Build"/>, <see cref="IImageSigner.SignDigest"/>, <see cref="Attach"/>.</summary>
    public static byte[] BuildSigned(byte[] body, ImageOptions options, IImageSigner signer, KeyReference keyReference = KeyReference.Hash)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var unsigned = Build(body, options);
        var signature = signer.SignDigest((byte[])unsigned.Digest.Clone());
        return Attach(unsigned.Bytes, signer.KeyType, signer.PublicKeyInfo, signature, keyReference);
    }

    private static void AddTlv(List<byte> area, int type, byte[] value)
    {
        area.Add((byte)type);
        area.Add((byte)(type >> 8));
        area.Add((byte)value.Length);
        area.Add((byte)(value.Length >> 8));
        area.AddRange(value);
    }

    private static void WriteInfo(byte[] image, int offset, int magic, int total)
    {
        FotaDevice.Binary.LittleEndian.WriteUInt16(image, offset, magic);
        FotaDevice.Binary.LittleEndian.WriteUInt16(image, offset + 2, total);
    }

    private static void WriteTlvHeader(byte[] image, int offset, int type, int length)
    {
        FotaDevice.Binary.LittleEndian.WriteUInt16(image, offset, type);
        FotaDevice.Binary.LittleEndian.WriteUInt16(image, offset + 2, length);
    }
}
