using System.Security.Cryptography;
using FotaDevice.Host.Signing;
using FotaDevice.Image;

namespace FotaDevice.Tests.Image;

/// <summary>
/// Writes images byte by byte, independently of the host builder, so tests can make any layout,
/// including ones the builder refuses (duplicates, TLVs in the wrong area, bad sizes).
/// </summary>
internal static class RawImage
{
    public static byte[] Tlv(int type, byte[] value) =>
        new[] { (byte)type, (byte)(type >> 8), (byte)value.Length, (byte)(value.Length >> 8) }.Concat(value).ToArray();

    public static byte[] Area(int magic, IEnumerable<(int Type, byte[] Value)> entries, int? totalOverride = null)
    {
        var content = entries.SelectMany(e => Tlv(e.Type, e.Value)).ToArray();
        int total = totalOverride ?? content.Length + 4;
        return new[] { (byte)magic, (byte)(magic >> 8), (byte)total, (byte)(total >> 8) }.Concat(content).ToArray();
    }

    /// <summary>Header + body + protected area (if entries given), i.e. the hashed range.</summary>
    public static byte[] Hashed(byte[] body, (int Type, byte[] Value)[]? protectedTlvs, int headerSize = 32, int? protectedSizeInHeader = null, int protectedMagic = ImageFormat.ProtectedTlvInfoMagic)
    {
        var prot = protectedTlvs is null ? Array.Empty<byte>() : Area(protectedMagic, protectedTlvs);
        var header = new byte[headerSize];
        ImageHeader.Write(header, 0, headerSize, protectedSizeInHeader ?? prot.Length, (uint)body.Length, new ImageVersion(1, 2, 3, 4));
        return header.Concat(body).Concat(prot).ToArray();
    }

    /// <summary>A signed image: the hashed range, then SHA256, KEYHASH and the signer's signature (or the given TLVs).</summary>
    public static byte[] Signed(byte[] hashed, IImageSigner signer, Func<byte[], byte[], (int Type, byte[] Value)[]>? tlvs = null)
    {
        var digest = SHA256.HashData(hashed);
        var signature = signer.SignDigest(digest);
        var entries = tlvs is null ? Standard(digest, signer, signature) : tlvs(digest, signature);
        return hashed.Concat(Area(ImageFormat.TlvInfoMagic, entries)).ToArray();
    }

    public static (int Type, byte[] Value)[] Standard(byte[] digest, IImageSigner signer, byte[] signature) => new[]
    {
        (ImageFormat.TlvSha256, digest),
        (ImageFormat.TlvKeyHash, SHA256.HashData(signer.PublicKeyInfo)),
        (SigType(signer), signature),
    };

    public static int SigType(IImageSigner signer) => signer.KeyType == KeyType.EcdsaP256 ? ImageFormat.TlvEcdsaSignature : ImageFormat.TlvEd25519Signature;

    public static byte[] U32(uint v) => BitConverter.GetBytes(v);
}
