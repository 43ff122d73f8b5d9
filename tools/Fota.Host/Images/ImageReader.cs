using System.Security.Cryptography;
using System.Text;
using FotaDevice.Image;
using FotaDevice.Host.Signing;

namespace FotaDevice.Host.Images;

/// <summary>
/// Reads any MCUboot image for host tools (<c>fota inspect</c>, <c>fota verify</c>, attaching a
/// signature): header, TLVs, the bundle manifest if the body is one. Uses the device's parsers.
/// </summary>
public static class ImageReader
{
    /// <summary>
    /// Reads an image. Throws <see cref="ImageException"/> if it cannot be laid out (bad magic,
    /// header, sizes, TLV areas); a body that is not an app bundle is reported in the result.
    /// Bytes after the image are allowed and counted (<see cref="ImageDescription.TrailingBytes"/>).
    /// </summary>
    public static ImageDescription Read(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Length < ImageFormat.HeaderSize)
        {
            throw new ImageException(ImageError.Truncated, $"{image.Length} bytes, shorter than an image header");
        }

        var header = new ImageHeader();
        header.Read(image, 0);
        if (header.TlvOffset + ImageFormat.TlvHeaderSize > image.Length)
        {
            throw new ImageException(ImageError.Truncated, $"{image.Length} bytes, shorter than the {header.TlvOffset + ImageFormat.TlvHeaderSize} the header declares before the TLV area");
        }
        int protectedStart = (int)header.ProtectedTlvOffset;
        int tlvStart = (int)header.TlvOffset;
        var tlvs = new List<TlvEntry>();
        var reader = new TlvReader();
        if (header.ProtectedTlvSize != 0)
        {
            reader.Open(image, protectedStart, header.ProtectedTlvSize, ImageFormat.ProtectedTlvInfoMagic);
            Collect(reader, image, TlvArea.Protected, tlvs);
        }

        int tlvTotal = image[tlvStart + 2] | (image[tlvStart + 3] << 8);
        if (tlvTotal > image.Length - tlvStart)
        {
            throw new ImageException(ImageError.Truncated, $"TLV area of {tlvTotal} bytes runs past the end of the file");
        }

        reader.Open(image, tlvStart, tlvTotal, ImageFormat.TlvInfoMagic);
        Collect(reader, image, TlvArea.Unprotected, tlvs);

        var body = image.AsSpan(header.HeaderSize, (int)header.ImageSize).ToArray();
        AppBundleManifest? manifest = null;
        string? manifestError = null;
        try
        {
            manifest = AppBundleManifest.Parse(body, 0, Math.Min(body.Length, AppBundleManifest.MaxSize), body.Length, BundleRuntime.None, header.HeaderSize);
        }
        catch (ImageException e)
        {
            manifestError = e.Message;
        }

        var sec = tlvs.FirstOrDefault(t => t.Area == TlvArea.Protected && t.Type == ImageFormat.TlvSecurityCounter && t.Value.Length == 4);
        var product = tlvs.FirstOrDefault(t => t.Area == TlvArea.Protected && t.Type == ImageFormat.TlvProductId);
        return new ImageDescription
        {
            Header = header,
            TotalLength = tlvStart + tlvTotal,
            TrailingBytes = image.Length - tlvStart - tlvTotal,
            Body = body,
            Tlvs = tlvs,
            ComputedHash = SHA256.HashData(image.AsSpan(0, tlvStart)),
            HashedLength = tlvStart,
            SecurityCounter = sec is null ? null : BitConverter.ToUInt32(sec.Value),
            ProductId = product is null ? null : Encoding.UTF8.GetString(product.Value),
            Manifest = manifest,
            ManifestError = manifestError,
        };
    }

    /// <summary>
    /// Checks the image's signature with a public key (DER SubjectPublicKeyInfo) using the host's
    /// crypto: the hash TLV must match, the key TLV must name this key, and the signature TLV of the
    /// key's type must verify over the computed digest.
    /// </summary>
    public static bool VerifySignature(ImageDescription image, KeyType keyType, byte[] subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        var signature = image.Tlvs.FirstOrDefault(t => t.Area == TlvArea.Unprotected && t.Type == HostSignatureVerifier.SignatureTlvType(keyType));
        return image.HashMatches
            && signature is not null
            && image.KeyHash is { } keyHash
            && keyHash.AsSpan().SequenceEqual(SHA256.HashData(subjectPublicKeyInfo))
            && HostSignatureVerifier.VerifyTlvSignature(keyType, subjectPublicKeyInfo, image.ComputedHash, signature.Value);
    }

    private static void Collect(TlvReader reader, byte[] image, TlvArea area, List<TlvEntry> into)
    {
        while (reader.Next())
        {
            into.Add(new TlvEntry(area, reader.Type, reader.EntryOffset, image.AsSpan(reader.ValueOffset, reader.Length).ToArray()));
        }
    }
}
