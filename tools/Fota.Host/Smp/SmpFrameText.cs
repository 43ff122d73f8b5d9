using System.Formats.Cbor;
using System.Globalization;
using System.Text;

namespace FotaDevice.Host.Smp;

/// <summary>SMP frames for people (<c>fota -v</c>): the header named, the CBOR body in diagnostic notation, and the bytes in hex.</summary>
public static class SmpFrameText
{
    /// <summary>Bytes of a frame shown in hex; the rest is counted.</summary>
    public const int HexLimit = 96;

    /// <summary>Bytes of a byte string shown in the decoded body; the rest is counted.</summary>
    public const int ByteStringLimit = 16;

    /// <summary>Several lines describing <paramref name="frame"/>, each ending in a newline.</summary>
    public static string Describe(SmpTraceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var bytes = frame.Bytes;
        var text = new StringBuilder();
        text.Append(frame.Sent ? "smp >> " : "smp << ");
        if (bytes.Length < 8)
        {
            text.Append(CultureInfo.InvariantCulture, $"{bytes.Length} bytes, shorter than an SMP header\n");
            AppendHex(text, bytes);
            return text.ToString();
        }

        int op = bytes[0] & 0x07;
        int version = (bytes[0] >> 3) & 0x03;
        int length = (bytes[2] << 8) | bytes[3];
        int group = (bytes[4] << 8) | bytes[5];
        int id = bytes[7];
        text.Append(CultureInfo.InvariantCulture, $"{OpName(op)} {GroupName(group)} {CommandName(group, id)} seq {bytes[6]} v{version + 1}, {length}-byte body\n");
        text.Append("       ");
        text.Append(Body(bytes.AsMemory(8, Math.Min(length, bytes.Length - 8))));
        text.Append('\n');
        AppendHex(text, bytes);
        return text.ToString();
    }

    /// <summary>A CBOR body in diagnostic notation (RFC 8949 §8): {"off": 0, "data": h'0102…'(300 bytes)}.</summary>
    public static string Body(ReadOnlyMemory<byte> cbor)
    {
        if (cbor.IsEmpty)
        {
            return "(empty)";
        }

        var text = new StringBuilder();
        var reader = new CborReader(cbor, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
        try
        {
            while (reader.PeekState() != CborReaderState.Finished)
            {
                Item(reader, text);
            }
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            text.Append(" (not valid CBOR from here: ").Append(e.Message).Append(')');
        }

        return text.ToString();
    }

    private static void Item(CborReader reader, StringBuilder text)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                reader.ReadStartMap();
                text.Append('{');
                for (var first = true; reader.PeekState() != CborReaderState.EndMap; first = false)
                {
                    text.Append(first ? string.Empty : ", ");
                    Item(reader, text);
                    text.Append(": ");
                    Item(reader, text);
                }

                reader.ReadEndMap();
                text.Append('}');
                break;
            case CborReaderState.StartArray:
                reader.ReadStartArray();
                text.Append('[');
                for (var first = true; reader.PeekState() != CborReaderState.EndArray; first = false)
                {
                    text.Append(first ? string.Empty : ", ");
                    Item(reader, text);
                }

                reader.ReadEndArray();
                text.Append(']');
                break;
            case CborReaderState.UnsignedInteger:
                text.Append(reader.ReadUInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case CborReaderState.NegativeInteger:
                text.Append(reader.ReadInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case CborReaderState.TextString:
                text.Append('"').Append(reader.ReadTextString().Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case CborReaderState.ByteString:
                var bytes = reader.ReadByteString();
                text.Append("h'").Append(Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(bytes.Length, ByteStringLimit)))).Append('\'');
                if (bytes.Length > ByteStringLimit)
                {
                    text.Append(CultureInfo.InvariantCulture, $"…({bytes.Length} bytes)");
                }

                break;
            case CborReaderState.Boolean:
                text.Append(reader.ReadBoolean() ? "true" : "false");
                break;
            case CborReaderState.Null:
                reader.ReadNull();
                text.Append("null");
                break;
            default:
                var encoded = reader.ReadEncodedValue();
                text.Append("<").Append(Convert.ToHexStringLower(encoded.Span)).Append('>');
                break;
        }
    }

    private static void AppendHex(StringBuilder text, byte[] bytes)
    {
        var shown = Math.Min(bytes.Length, HexLimit);
        for (var row = 0; row < shown; row += 16)
        {
            text.Append(CultureInfo.InvariantCulture, $"       {row:x4} ");
            for (var i = row; i < Math.Min(row + 16, shown); i++)
            {
                text.Append(' ').Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        if (bytes.Length > shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"       ... {bytes.Length - shown} more bytes\n");
        }
    }

    private static string OpName(int op) => op switch
    {
        0 => "read",
        1 => "read-reply",
        2 => "write",
        3 => "write-reply",
        _ => $"op{op}",
    };

    private static string GroupName(int group) => group switch
    {
        0 => "os",
        1 => "image",
        64 => "fota",
        _ => $"group{group}",
    };

    private static string CommandName(int group, int id) => (group, id) switch
    {
        (0, 0) => "echo",
        (0, 5) => "reset",
        (0, 6) => "mcumgr-params",
        (0, 7) => "info",
        (1, 0) => "state",
        (1, 1) => "upload",
        (1, 5) => "erase",
        (64, 0) => "status",
        _ => $"id{id}",
    };
}
