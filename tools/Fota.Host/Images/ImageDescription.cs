using FotaDevice.Image;

namespace FotaDevice.Host.Images;

/// <summary>Which TLV area an entry is in.</summary>
public enum TlvArea
{
    /// <summary>The protected area (magic 0x6908), covered by the hash.</summary>
    Protected,

    /// <summary>The TLV area (magic 0x6907), not covered by the hash.</summary>
    Unprotected,
}

/// <summary>One TLV of an image.</summary>
/// <param name="Area">Its area.</param>
/// <param name="Type">Its type.</param>
/// <param name="Offset">Offset of its 4-byte entry header in the image.</param>
/// <param name="Value">Its value.</param>
public sealed record TlvEntry(TlvArea Area, int Type, int Offset, byte[] Value)
{
    /// <summary>MCUboot's (or FotaDevice's) name for the type, or "0x.." for an unknown one.</summary>
    public string Name => TlvNames.Name(Type);
}

/// <summary>Names of TLV types, as in MCUboot's image.h.</summary>
public static class TlvNames
{
    /// <summary>The name of a TLV type.</summary>
    public static string Name(int type) => type switch
    {
        ImageFormat.TlvKeyHash => "KEYHASH",
        ImageFormat.TlvPublicKey => "PUBKEY",
        ImageFormat.TlvSha256 => "SHA256",
        ImageFormat.TlvSha384 => "SHA384",
        ImageFormat.TlvSha512 => "SHA512",
        0x20 => "RSA2048_PSS",
        0x21 => "ECDSA224",
        ImageFormat.TlvEcdsaSignature => "ECDSA_SIG",
        0x23 => "RSA3072_PSS",
        ImageFormat.TlvEd25519Signature => "ED25519",
        ImageFormat.TlvSignaturePure => "SIG_PURE",
        0x30 => "ENC_RSA2048",
        0x31 => "ENC_KW",
        0x32 => "ENC_EC256",
        0x33 => "ENC_X25519",
        0x34 => "ENC_X25519_SHA512",
        0x40 => "DEPENDENCY",
        ImageFormat.TlvSecurityCounter => "SEC_CNT",
        0x60 => "BOOT_RECORD",
        0x70 => "DECOMP_SIZE",
        0x71 => "DECOMP_SHA",
        0x72 => "DECOMP_SIGNATURE",
        0x73 => "COMP_DEC_SIZE",
        0x74 => "UUID_VID",
        0x75 => "UUID_CID",
        ImageFormat.TlvProductId => "FOTA_PRODUCT",
        _ => $"0x{type:x4}",
    };
}

/// <summary>Everything <see cref="ImageReader"/> found in an image.</summary>
public sealed class ImageDescription
{
    /// <summary>The header.</summary>
    public required ImageHeader Header { get; init; }

    /// <summary>The image's length from its header and TLV areas.</summary>
    public required int TotalLength { get; init; }

    /// <summary>Bytes in the file after the image (e.g. imgtool <c>--pad</c> and its trailer).</summary>
    public required int TrailingBytes { get; init; }

    /// <summary>The body (<c>ih_img_size</c> bytes after the header).</summary>
    public required byte[] Body { get; init; }

    /// <summary>The TLVs, protected first, in image order.</summary>
    public required IReadOnlyList<TlvEntry> Tlvs { get; init; }

    /// <summary>SHA-256 computed over header, body and protected TLV area.</summary>
    public required byte[] ComputedHash { get; init; }

    /// <summary>The hashed range: header, body and protected TLV area (what is signed).</summary>
    public required int HashedLength { get; init; }

    /// <summary>The security counter, if there is a SEC_CNT TLV of 4 bytes.</summary>
    public uint? SecurityCounter { get; init; }

    /// <summary>The product identity, if there is a FOTA_PRODUCT TLV.</summary>
    public string? ProductId { get; init; }

    /// <summary>The app bundle manifest, if the body is a well-formed bundle.</summary>
    public AppBundleManifest? Manifest { get; init; }

    /// <summary>Why the body is not read as a bundle, if it is not.</summary>
    public string? ManifestError { get; init; }

    /// <summary>The first TLV of a type, or null.</summary>
    public TlvEntry? Find(int type) => Tlvs.FirstOrDefault(t => t.Type == type);

    /// <summary>True if the SHA256 TLV equals <see cref="ComputedHash"/>.</summary>
    public bool HashMatches => Find(ImageFormat.TlvSha256) is { } t && t.Value.AsSpan().SequenceEqual(ComputedHash);

    /// <summary>The key hash the image names: the KEYHASH TLV, or SHA-256 of the PUBKEY TLV; null if neither.</summary>
    public byte[]? KeyHash =>
        Find(ImageFormat.TlvKeyHash)?.Value
        ?? (Find(ImageFormat.TlvPublicKey) is { } p ? System.Security.Cryptography.SHA256.HashData(p.Value) : null);
}
