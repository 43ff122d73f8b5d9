using FotaDevice.Protocol.Cbor;
using Sfc = System.Formats.Cbor;

namespace FotaDevice.Tests.Protocol;

/// <summary>SMP bodies as clients send them, and a parser written the way device handlers will be.</summary>
internal static class SmpSamples
{
    public static readonly byte[] Sha = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();

    private static readonly byte[] KeyImage = "image"u8.ToArray();
    private static readonly byte[] KeyLen = "len"u8.ToArray();
    private static readonly byte[] KeyOff = "off"u8.ToArray();
    private static readonly byte[] KeySha = "sha"u8.ToArray();
    private static readonly byte[] KeyData = "data"u8.ToArray();
    private static readonly byte[] KeyUpgrade = "upgrade"u8.ToArray();

    /// <summary>An image upload request (group 1, command 1) with an extra unknown key to skip.</summary>
    public static byte[] UploadRequest(bool definite, byte[] data, bool withSha)
    {
        var w = new Sfc.CborWriter(Sfc.CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        w.WriteStartMap(definite ? (withSha ? 7 : 6) : null);
        w.WriteTextString("image");
        w.WriteUInt32(0);
        w.WriteTextString("len");
        w.WriteUInt32(123456);
        w.WriteTextString("off");
        w.WriteUInt32(0);
        if (withSha)
        {
            w.WriteTextString("sha");
            w.WriteByteString(Sha);
        }

        w.WriteTextString("extra");
        w.WriteStartArray(definite ? 2 : null);
        w.WriteInt32(-5);
        w.WriteStartMap(definite ? 1 : null);
        w.WriteTextString("x");
        w.WriteNull();
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteTextString("data");
        w.WriteByteString(data);
        w.WriteTextString("upgrade");
        w.WriteBoolean(true);
        w.WriteEndMap();
        return w.Encode();
    }

    public sealed record Upload(uint Off, uint Len, uint Image, bool Upgrade, int DataOffset, int DataLength, int ShaOffset, int UnknownKeys);

    public static Upload ParseUpload(CborReader reader)
    {
        uint off = 0, len = 0, image = 0;
        var upgrade = false;
        int dataOffset = -1, dataLength = 0, shaOffset = -1, unknown = 0;
        reader.ReadStartMap();
        while (!reader.TryReadEnd())
        {
            if (reader.TryReadKey(KeyOff))
            {
                off = reader.ReadUInt32();
            }
            else if (reader.TryReadKey(KeyData))
            {
                reader.GetByteStringRange(out dataOffset, out dataLength);
            }
            else if (reader.TryReadKey(KeyLen))
            {
                len = reader.ReadUInt32();
            }
            else if (reader.TryReadKey(KeySha))
            {
                reader.GetByteStringRange(out shaOffset, out var shaLength);
                if (shaLength != 32)
                {
                    throw new InvalidDataException("sha");
                }
            }
            else if (reader.TryReadKey(KeyImage))
            {
                image = reader.ReadUInt32();
            }
            else if (reader.TryReadKey(KeyUpgrade))
            {
                upgrade = reader.ReadBoolean();
            }
            else
            {
                reader.SkipValue();
                reader.SkipValue();
                unknown++;
            }
        }

        return new Upload(off, len, image, upgrade, dataOffset, dataLength, shaOffset, unknown);
    }
}
