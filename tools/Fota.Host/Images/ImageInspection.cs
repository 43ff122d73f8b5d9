using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FotaDevice.Image;

namespace FotaDevice.Host.Images;

/// <summary>
/// Everything in any MCUboot image this can lay out, whether FotaDevice takes it or not (<c>fota
/// inspect</c>): header and flags by name, both TLV areas whatever their size, the hash by its own
/// algorithm, the signature algorithm, encryption, the app bundle; and, separately, whether a
/// FotaDevice takes the format and why not.
/// </summary>
public sealed class ImageInspection
{
    private ImageInspection()
    {
    }

    /// <summary>The header's fields.</summary>
    public required uint LoadAddress { get; init; }

    /// <summary><c>ih_hdr_size</c>.</summary>
    public required int HeaderSize { get; init; }

    /// <summary><c>ih_protect_tlv_size</c>.</summary>
    public required int ProtectedTlvSize { get; init; }

    /// <summary><c>ih_img_size</c>.</summary>
    public required uint BodySize { get; init; }

    /// <summary><c>ih_flags</c>.</summary>
    public required uint Flags { get; init; }

    /// <summary>The version, "1.2.3+4".</summary>
    public required string Version { get; init; }

    /// <summary>Header, body and both TLV areas.</summary>
    public required int TotalLength { get; init; }

    /// <summary>Bytes in the file after the image.</summary>
    public required int TrailingBytes { get; init; }

    /// <summary>Every TLV, protected first.</summary>
    public required IReadOnlyList<TlvEntry> Tlvs { get; init; }

    /// <summary>"SHA256", "SHA384" or "SHA512": the image's hash TLV; null if it has none.</summary>
    public string? HashAlgorithm { get; init; }

    /// <summary>The hash computed with <see cref="HashAlgorithm"/> (SHA-256 when the image has no hash TLV) over header, body and protected TLVs.</summary>
    public required byte[] Hash { get; init; }

    /// <summary>True if the hash TLV equals <see cref="Hash"/>.</summary>
    public required bool HashMatches { get; init; }

    /// <summary>The signature algorithm, in imgtool's terms ("ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", ...), or null for an unsigned image.</summary>
    public string? Signature { get; init; }

    /// <summary>The key hash the image names (KEYHASH, or the hash of PUBKEY by the image's hash algorithm).</summary>
    public byte[]? KeyHash { get; init; }

    /// <summary>How the body is encrypted ("AES-256, key by ECIES-P256"), or null.</summary>
    public string? Encryption { get; init; }

    /// <summary>The security counter (SEC_CNT), if any.</summary>
    public uint? SecurityCounter { get; init; }

    /// <summary>The FotaDevice product id (FOTA_PRODUCT), if any.</summary>
    public string? ProductId { get; init; }

    /// <summary>The app bundle, if the body is one.</summary>
    public AppBundleManifest? Manifest { get; init; }

    /// <summary>Why the body is not read as an app bundle.</summary>
    public string? ManifestError { get; init; }

    /// <summary>Why a FotaDevice refuses the image's format, naming what it does not support; null when it takes it (keys and identity aside).</summary>
    public string? FotaDeviceRefusal { get; init; }

    /// <summary>
    /// Lays out <paramref name="image"/>. Throws <see cref="ImageException"/> only when it is no
    /// MCUboot image at all (bad magic, sizes past the end of the file, TLV areas not found).
    /// </summary>
    public static ImageInspection Read(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Length < ImageFormat.HeaderSize)
        {
            throw new ImageException(ImageError.Truncated, $"{image.Length} bytes, shorter than an MCUboot header (32)");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(image);
        if (magic != ImageFormat.HeaderMagic)
        {
            throw new ImageException(ImageError.BadMagic, $"not an MCUboot image (magic 0x{magic:x8}, expected 0x{ImageFormat.HeaderMagic:x8})");
        }

        var header = image.AsSpan();
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        int protectedSize = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        var bodySize = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var version = $"{header[20]}.{header[21]}.{BinaryPrimitives.ReadUInt16LittleEndian(header[22..])}+{BinaryPrimitives.ReadUInt32LittleEndian(header[24..])}";
        var protectedStart = (long)headerSize + bodySize;
        var tlvStart = protectedStart + protectedSize;
        if (tlvStart + ImageFormat.TlvHeaderSize > image.Length)
        {
            throw new ImageException(ImageError.Truncated, $"{image.Length} bytes, shorter than the {tlvStart + ImageFormat.TlvHeaderSize} the header declares before the TLV area");
        }

        var tlvs = new List<TlvEntry>();
        if (protectedSize > 0)
        {
            Area(image, (int)protectedStart, ImageFormat.ProtectedTlvInfoMagic, TlvArea.Protected, tlvs, declared: protectedSize);
        }

        var end = Area(image, (int)tlvStart, ImageFormat.TlvInfoMagic, TlvArea.Unprotected, tlvs, declared: null);
        var hashTlv = tlvs.FirstOrDefault(t => t.Area == TlvArea.Unprotected && t.Type is ImageFormat.TlvSha256 or ImageFormat.TlvSha384 or ImageFormat.TlvSha512);
        var hashed = image.AsSpan(0, (int)tlvStart);
        var hash = hashTlv?.Type switch
        {
            ImageFormat.TlvSha384 => SHA384.HashData(hashed),
            ImageFormat.TlvSha512 => SHA512.HashData(hashed),
            _ => SHA256.HashData(hashed),
        };
        var body = image.AsSpan(headerSize, (int)Math.Min(bodySize, (uint)(image.Length - headerSize))).ToArray();
        AppBundleManifest? manifest = null;
        string? manifestError = null;
        try
        {
            manifest = AppBundleManifest.Parse(body, 0, Math.Min(body.Length, AppBundleManifest.MaxSize), body.Length, BundleRuntime.None, headerSize);
        }
        catch (ImageException e)
        {
            manifestError = e.Message;
        }

        var counter = tlvs.FirstOrDefault(t => t.Area == TlvArea.Protected && t.Type == ImageFormat.TlvSecurityCounter && t.Value.Length == 4);
        var product = tlvs.FirstOrDefault(t => t.Area == TlvArea.Protected && t.Type == ImageFormat.TlvProductId);
        var pubkey = tlvs.FirstOrDefault(t => t.Type == ImageFormat.TlvPublicKey);
        return new ImageInspection
        {
            LoadAddress = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
            HeaderSize = headerSize,
            ProtectedTlvSize = protectedSize,
            BodySize = bodySize,
            Flags = flags,
            Version = version,
            TotalLength = end,
            TrailingBytes = image.Length - end,
            Tlvs = tlvs,
            HashAlgorithm = hashTlv == null ? null : TlvNames.Name(hashTlv.Type),
            Hash = hash,
            HashMatches = hashTlv != null && hashTlv.Value.AsSpan().SequenceEqual(hash),
            Signature = SignatureAlgorithm(tlvs, hashTlv?.Type),
            KeyHash = tlvs.FirstOrDefault(t => t.Type == ImageFormat.TlvKeyHash)?.Value
                ?? (pubkey == null ? null : hashTlv?.Type == ImageFormat.TlvSha384 ? SHA384.HashData(pubkey.Value) : SHA256.HashData(pubkey.Value)),
            Encryption = EncryptionOf(flags, tlvs),
            SecurityCounter = counter == null ? null : BinaryPrimitives.ReadUInt32LittleEndian(counter.Value),
            ProductId = product == null ? null : Encoding.UTF8.GetString(product.Value),
            Manifest = manifest,
            ManifestError = manifestError,
            FotaDeviceRefusal = FormatRefusal(image, hashTlv?.Type, SignatureAlgorithm(tlvs, hashTlv?.Type)),
        };
    }

    /// <summary>Reads one TLV area at <paramref name="start"/>; returns where it ends.</summary>
    private static int Area(byte[] image, int start, int magic, TlvArea area, List<TlvEntry> into, int? declared)
    {
        var found = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(start));
        if (found != magic)
        {
            throw new ImageException(ImageError.BadTlvMagic, $"{(area == TlvArea.Protected ? "protected " : string.Empty)}TLV area magic 0x{found:x4} at offset {start}, expected 0x{magic:x4}");
        }

        int total = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(start + 2));
        if (declared is { } size && size != total)
        {
            throw new ImageException(ImageError.BadProtectedTlvSize, $"the header declares a protected TLV area of {size} bytes, the area says {total}");
        }

        if (total < ImageFormat.TlvHeaderSize || start + total > image.Length)
        {
            throw new ImageException(ImageError.Truncated, $"TLV area of {total} bytes at offset {start} runs past the end of the file ({image.Length} bytes)");
        }

        for (var at = start + ImageFormat.TlvHeaderSize; at < start + total;)
        {
            if (at + ImageFormat.TlvHeaderSize > start + total)
            {
                throw new ImageException(ImageError.BadTlvAreaSize, $"a TLV header at offset {at} runs past its area");
            }

            int type = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(at));
            int length = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(at + 2));
            if (at + ImageFormat.TlvHeaderSize + length > start + total)
            {
                throw new ImageException(ImageError.BadTlvAreaSize, $"TLV {TlvNames.Name(type)} at offset {at} ({length} bytes) runs past its area");
            }

            into.Add(new TlvEntry(area, type, at, image.AsSpan(at + ImageFormat.TlvHeaderSize, length).ToArray()));
            at += ImageFormat.TlvHeaderSize + length;
        }

        return start + total;
    }

    private static string? SignatureAlgorithm(List<TlvEntry> tlvs, int? hashType)
    {
        var pure = tlvs.Any(t => t.Type == ImageFormat.TlvSignaturePure);
        var names = tlvs.Where(t => t.Area == TlvArea.Unprotected).Select(t => t.Type switch
        {
            0x20 => "rsa-2048 (PSS)",
            0x21 => "ecdsa-p224",
            ImageFormat.TlvEcdsaSignature => hashType == ImageFormat.TlvSha384 ? "ecdsa-p384" : "ecdsa-p256",
            0x23 => "rsa-3072 (PSS)",
            ImageFormat.TlvEd25519Signature => pure ? "ed25519 (pure)" : "ed25519",
            _ => null,
        }).Where(n => n != null).Distinct().ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static string? EncryptionOf(uint flags, List<TlvEntry> tlvs)
    {
        var cipher = (flags & ImageFormat.FlagEncryptedAes256) != 0 ? "AES-256" : (flags & ImageFormat.FlagEncryptedAes128) != 0 ? "AES-128" : null;
        var key = tlvs.Select(t => t.Type switch
        {
            0x30 => "RSA-OAEP",
            0x31 => "AES key wrap",
            0x32 => "ECIES-P256",
            0x33 => "ECIES-X25519",
            0x34 => "ECIES-X25519 (SHA-512)",
            _ => null,
        }).FirstOrDefault(k => k != null);
        return cipher == null && key == null ? null : $"{cipher ?? "encrypted"}{(key == null ? string.Empty : ", key by " + key)}";
    }

    /// <summary>What FotaDevice does not support in the image, named; else the device's own format checks (its validator, no keys): the first rule broken, or null.</summary>
    private static string? FormatRefusal(byte[] image, int? hashType, string? signature)
    {
        if (hashType is ImageFormat.TlvSha384 or ImageFormat.TlvSha512)
        {
            return $"its hash is {TlvNames.Name(hashType.Value)}; FotaDevice takes SHA-256 images signed with ECDSA P-256 or Ed25519";
        }

        if (signature != null && signature is not ("ecdsa-p256" or "ed25519"))
        {
            return $"its signature is {signature}; FotaDevice takes ECDSA P-256 and Ed25519";
        }

        var check = DeviceCheck.Check(image, [], new DeviceProfile(BundleRuntime.None, null, null));
        return check.Result.Error is ImageError.None or ImageError.UnknownKey ? null : check.Reason;
    }
}
