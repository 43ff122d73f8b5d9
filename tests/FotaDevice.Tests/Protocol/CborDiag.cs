using System.Globalization;
using System.Text;
using Sfc = System.Formats.Cbor;
using OurReader = FotaDevice.Protocol.Cbor.CborReader;
using OurType = FotaDevice.Protocol.Cbor.CborType;

namespace FotaDevice.Tests.Protocol;

/// <summary>
/// Renders one CBOR item as text (close to RFC 8949 diagnostic notation), once through our reader
/// and once through System.Formats.Cbor, so the two decoders can be compared on any input.
/// Items our reader only skips (tags, floats, undefined, other simple values) render as
/// "skip(n)" with the number of bytes skipped, in both renderers.
/// </summary>
internal static class CborDiag
{
    public static string Ours(OurReader reader)
    {
        var sb = new StringBuilder();
        Ours(reader, sb);
        return sb.ToString();
    }

    private static void Ours(OurReader r, StringBuilder sb)
    {
        switch (r.PeekType())
        {
            case OurType.UnsignedInteger:
                sb.Append(r.ReadUInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case OurType.NegativeInteger:
                sb.Append(r.ReadInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case OurType.ByteString:
                r.GetByteStringRange(out var offset, out var length);
                sb.Append("h'").Append(Convert.ToHexString(r.Buffer, offset, length)).Append('\'');
                break;
            case OurType.TextString:
                sb.Append(Quote(r.ReadTextString()));
                break;
            case OurType.Array:
                {
                    r.ReadStartArray();
                    sb.Append('[');
                    var first = true;
                    while (!r.TryReadEnd())
                    {
                        sb.Append(first ? "" : ", ");
                        first = false;
                        Ours(r, sb);
                    }

                    sb.Append(']');
                    break;
                }

            case OurType.Map:
                {
                    r.ReadStartMap();
                    sb.Append('{');
                    var first = true;
                    while (!r.TryReadEnd())
                    {
                        sb.Append(first ? "" : ", ");
                        first = false;
                        Ours(r, sb);
                        sb.Append(": ");
                        Ours(r, sb);
                    }

                    sb.Append('}');
                    break;
                }

            case OurType.Boolean:
                sb.Append(r.ReadBoolean() ? "true" : "false");
                break;
            case OurType.Null:
                r.ReadNull();
                sb.Append("null");
                break;
            default:
                {
                    var before = r.Position;
                    r.SkipValue();
                    sb.Append("skip(").Append(r.Position - before).Append(')');
                    break;
                }
        }
    }

    public static string Reference(byte[] encoded)
    {
        var reader = new Sfc.CborReader(encoded, Sfc.CborConformanceMode.Lax);
        var sb = new StringBuilder();
        Reference(reader, sb);
        if (reader.BytesRemaining != 0)
        {
            throw new InvalidOperationException("trailing data");
        }

        return sb.ToString();
    }

    private static void Reference(Sfc.CborReader r, StringBuilder sb)
    {
        switch (r.PeekState())
        {
            case Sfc.CborReaderState.UnsignedInteger:
                sb.Append(r.ReadUInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case Sfc.CborReaderState.NegativeInteger:
                sb.Append(r.ReadInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case Sfc.CborReaderState.ByteString:
                sb.Append("h'").Append(Convert.ToHexString(r.ReadByteString())).Append('\'');
                break;
            case Sfc.CborReaderState.TextString:
                sb.Append(Quote(r.ReadTextString()));
                break;
            case Sfc.CborReaderState.StartArray:
                {
                    r.ReadStartArray();
                    sb.Append('[');
                    var first = true;
                    while (r.PeekState() != Sfc.CborReaderState.EndArray)
                    {
                        sb.Append(first ? "" : ", ");
                        first = false;
                        Reference(r, sb);
                    }

                    r.ReadEndArray();
                    sb.Append(']');
                    break;
                }

            case Sfc.CborReaderState.StartMap:
                {
                    r.ReadStartMap();
                    sb.Append('{');
                    var first = true;
                    while (r.PeekState() != Sfc.CborReaderState.EndMap)
                    {
                        sb.Append(first ? "" : ", ");
                        first = false;
                        Reference(r, sb);
                        sb.Append(": ");
                        Reference(r, sb);
                    }

                    r.ReadEndMap();
                    sb.Append('}');
                    break;
                }

            case Sfc.CborReaderState.Boolean:
                sb.Append(r.ReadBoolean() ? "true" : "false");
                break;
            case Sfc.CborReaderState.Null:
                r.ReadNull();
                sb.Append("null");
                break;
            default:
                {
                    var before = r.BytesRemaining;
                    r.SkipValue();
                    sb.Append("skip(").Append(before - r.BytesRemaining).Append(')');
                    break;
                }
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < 0x20 || c > 0x7E)
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('"').ToString();
    }
}
