using System.Text;
using FotaDevice.Protocol.Cbor;
using Xunit;
using Sfc = System.Formats.Cbor;

namespace FotaDevice.Tests.Protocol;

public class CborWriterTests
{
    public static readonly TheoryData<long> SignedBoundaries = new()
    {
        0, 1, 23, 24, 255, 256, 65535, 65536, int.MaxValue, 0xFFFFFFFFL, 0x100000000L, long.MaxValue,
        -1, -24, -25, -256, -257, -65536, -65537, int.MinValue, -0x100000000L, -0x100000001L, long.MinValue,
    };

    [Theory]
    [MemberData(nameof(SignedBoundaries))]
    public void SignedIntegersMatchTheReferenceEncoding(long value)
    {
        var reference = new Sfc.CborWriter();
        reference.WriteInt64(value);
        var expected = reference.Encode();

        Assert.Equal(expected, Write(w => w.WriteInt64(value)));
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Assert.Equal(expected, Write(w => w.WriteInt32((int)value)));
        }

        Assert.Equal(value, new Sfc.CborReader(Write(w => w.WriteInt64(value)), Sfc.CborConformanceMode.Strict).ReadInt64());
    }

    public static readonly TheoryData<ulong> UnsignedBoundaries = new()
    {
        0, 23, 24, 255, 256, 65535, 65536, uint.MaxValue, 0x100000000UL, ulong.MaxValue,
    };

    [Theory]
    [MemberData(nameof(UnsignedBoundaries))]
    public void UnsignedIntegersMatchTheReferenceEncoding(ulong value)
    {
        var reference = new Sfc.CborWriter();
        reference.WriteUInt64(value);
        var expected = reference.Encode();

        Assert.Equal(expected, Write(w => w.WriteUInt64(value)));
        if (value <= uint.MaxValue)
        {
            Assert.Equal(expected, Write(w => w.WriteUInt32((uint)value)));
        }

        // Strict conformance also rejects non-minimal heads: ours are minimal.
        Assert.Equal(value, new Sfc.CborReader(expected, Sfc.CborConformanceMode.Canonical).ReadUInt64());
    }

    [Theory]
    [MemberData(nameof(CborReaderTests.TextSamples), MemberType = typeof(CborReaderTests))]
    public void TextStringsMatchTheReferenceEncoding(string text)
    {
        var reference = new Sfc.CborWriter();
        reference.WriteTextString(text);
        var expected = reference.Encode();

        Assert.Equal(expected, Write(w => w.WriteTextString(text)));
        Assert.Equal(expected, Write(w => w.WriteTextString(Encoding.UTF8.GetBytes(text))));
        var padded = Encoding.UTF8.GetBytes("<<" + text + ">>");
        Assert.Equal(expected, Write(w => w.WriteTextString(padded, 2, padded.Length - 4)));
    }

    [Fact]
    public void LoneSurrogatesBecomeReplacementCharacters()
    {
        // Built here rather than in attributes: test discovery would mangle lone surrogates.
        (string Text, string Expected)[] cases =
        {
            ("\ud800", "\ufffd"),
            ("a\udc00b", "a\ufffdb"),
            ("\udbff\udfff", "\U0010FFFF"),
            ("\ud83d", "\ufffd"),
            ("x\ud83d\ude00\ud83d", "x\U0001F600\ufffd"),
            ("\udc00\ud800", "\ufffd\ufffd"),
        };
        foreach (var (text, expected) in cases)
        {
            var encoded = Write(w => w.WriteTextString(text));
            Assert.Equal(expected, new Sfc.CborReader(encoded).ReadTextString());
            Assert.Equal(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(text)); // as .NET's encoder does
        }
    }

    [Theory]
    [MemberData(nameof(CborReaderTests.StringSizes), MemberType = typeof(CborReaderTests))]
    public void ByteStringsMatchTheReferenceEncoding(int size)
    {
        var content = CborReaderTests.RandomBytes(size);
        var reference = new Sfc.CborWriter();
        reference.WriteByteString(content);
        var expected = reference.Encode();

        Assert.Equal(expected, Write(w => w.WriteByteString(content)));
        var padded = new byte[size + 9];
        content.CopyTo(padded, 4);
        Assert.Equal(expected, Write(w => w.WriteByteString(padded, 4, size)));
        Assert.Equal(expected, Write(w =>
        {
            var at = w.ReserveByteString(size);
            content.CopyTo(w.Buffer, at);
        }));
    }

    [Fact]
    public void NestedResponseDecodesWithTheReference()
    {
        // An image state response as the image group will write it.
        var hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var bytes = Write(w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("images");
            w.WriteStartArray(2);
            for (var slot = 0; slot < 2; slot++)
            {
                w.WriteStartMap(5);
                w.WriteTextString("slot");
                w.WriteInt32(slot);
                w.WriteTextString("version");
                w.WriteTextString("1.2.3." + slot);
                w.WriteTextString("hash");
                w.WriteByteString(hash);
                w.WriteTextString("active");
                w.WriteBoolean(slot == 0);
                w.WriteTextString("extra");
                w.WriteNull();
            }

            w.WriteTextString("splitStatus");
            w.WriteInt32(-1);
        });

        var r = new Sfc.CborReader(bytes, Sfc.CborConformanceMode.Strict);
        Assert.Equal(2, r.ReadStartMap());
        Assert.Equal("images", r.ReadTextString());
        Assert.Equal(2, r.ReadStartArray());
        for (var slot = 0; slot < 2; slot++)
        {
            Assert.Equal(5, r.ReadStartMap());
            Assert.Equal("slot", r.ReadTextString());
            Assert.Equal(slot, r.ReadInt32());
            Assert.Equal("version", r.ReadTextString());
            Assert.Equal("1.2.3." + slot, r.ReadTextString());
            Assert.Equal("hash", r.ReadTextString());
            Assert.Equal(hash, r.ReadByteString());
            Assert.Equal("active", r.ReadTextString());
            Assert.Equal(slot == 0, r.ReadBoolean());
            Assert.Equal("extra", r.ReadTextString());
            r.ReadNull();
            r.ReadEndMap();
        }

        r.ReadEndArray();
        Assert.Equal("splitStatus", r.ReadTextString());
        Assert.Equal(-1, r.ReadInt32());
        r.ReadEndMap();
        Assert.Equal(0, r.BytesRemaining);

        // And our own reader agrees with the reference on it.
        Assert.Equal(CborDiag.Reference(bytes), CborDiag.Ours(new CborReader(bytes, 0, bytes.Length)));
    }

    // Random documents: ours writes, the reference reads, and the reference re-encodes them
    // byte for byte the same (our encoding is the canonical one for definite lengths).
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    public void RandomDocumentsRoundTripThroughTheReference(int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[70000];
        for (var i = 0; i < 50; i++)
        {
            // Generate with the reference (definite only), decode with ours into our writer, compare bytes.
            var reference = new Sfc.CborWriter(Sfc.CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
            CborReaderTests.WriteRandom(reference, random, 0);
            var expected = reference.Encode();

            var reader = new CborReader(expected, 0, expected.Length);
            var writer = new CborWriter(buffer, 3, buffer.Length - 3);
            Copy(reader, writer);
            Assert.True(reader.IsAtEnd);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 3, writer.Length));
        }
    }

    // Copies one item through our reader and writer; tagged items and floats are copied raw.
    private static void Copy(CborReader r, CborWriter w)
    {
        switch (r.PeekType())
        {
            case CborType.UnsignedInteger:
                w.WriteUInt64(r.ReadUInt64());
                break;
            case CborType.NegativeInteger:
                w.WriteInt64(r.ReadInt64());
                break;
            case CborType.ByteString:
                r.GetByteStringRange(out var bo, out var bl);
                w.WriteByteString(r.Buffer, bo, bl);
                break;
            case CborType.TextString:
                r.GetTextStringRange(out var to, out var tl);
                w.WriteTextString(r.Buffer, to, tl);
                break;
            case CborType.Array:
                w.WriteStartArray(r.ReadStartArray());
                while (!r.TryReadEnd())
                {
                    Copy(r, w);
                }

                break;
            case CborType.Map:
                w.WriteStartMap(r.ReadStartMap());
                while (!r.TryReadEnd())
                {
                    Copy(r, w);
                    Copy(r, w);
                }

                break;
            case CborType.Boolean:
                w.WriteBoolean(r.ReadBoolean());
                break;
            case CborType.Null:
                r.ReadNull();
                w.WriteNull();
                break;
            default:
                {
                    var start = r.Position;
                    r.SkipValue();
                    w.WriteRaw(r.Buffer, start, r.Position - start);
                    break;
                }
        }
    }

    [Fact]
    public void OverflowWritesNothingOfTheFailingItem()
    {
        void WriteAll(CborWriter w)
        {
            w.WriteStartMap(3);
            w.WriteTextString("rc");
            w.WriteInt32(-70000);
            w.WriteTextString("data");
            w.WriteByteString(new byte[] { 1, 2, 3, 4, 5 });
            w.WriteTextString("ü水");
            w.WriteUInt64(ulong.MaxValue);
            w.WriteBoolean(true);
            w.WriteNull();
            w.WriteStartArray(300);
            w.ReserveByteString(3);
        }

        var full = Write(WriteAll);
        for (var capacity = 0; capacity < full.Length; capacity++)
        {
            var buffer = Enumerable.Repeat((byte)0xAA, full.Length + 8).ToArray();
            var writer = new CborWriter(buffer, 4, capacity);
            var e = Assert.Throws<CborException>(() => WriteAll(writer));
            Assert.Equal(CborError.BufferTooSmall, e.Code);
            Assert.InRange(writer.Length, 0, capacity);

            // What was written is a prefix of the full encoding at an item boundary; nothing else changed.
            Assert.Equal(full.AsSpan(0, writer.Length).ToArray(), buffer.AsSpan(4, writer.Length).ToArray());
            Assert.All(buffer.AsSpan(4 + writer.Length).ToArray(), b => Assert.Equal(0xAA, b));
            Assert.All(buffer.AsSpan(0, 4).ToArray(), b => Assert.Equal(0xAA, b));
            Assert.Equal(4 + writer.Length, e.Position);
        }

        var exact = new CborWriter(new byte[full.Length]);
        WriteAll(exact);
        Assert.Equal(full.Length, exact.Length);
        Assert.Equal(0, exact.Remaining);
    }

    [Fact]
    public void ResetStartsOver()
    {
        var buffer = new byte[16];
        var writer = new CborWriter(buffer, 2, 10);
        writer.WriteTextString("abc");
        Assert.Equal(4, writer.Length);
        writer.Reset();
        Assert.Equal(0, writer.Length);
        writer.WriteInt32(-1);
        Assert.Equal(1, writer.Length);
        Assert.Equal(0x20, buffer[2]);
        Assert.Equal(10, writer.Capacity);
        Assert.Equal(2, writer.Offset);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var writer = new CborWriter(new byte[8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteStartMap(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteStartArray(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.ReserveByteString(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteByteString(new byte[4], 2, 3));
        Assert.Throws<ArgumentNullException>(() => writer.WriteTextString((string)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CborWriter(new byte[4], 2, 3));
        Assert.Equal(0, writer.Length);
    }

    private static byte[] Write(Action<CborWriter> write)
    {
        var buffer = new byte[70000];
        var writer = new CborWriter(buffer, 1, buffer.Length - 1);
        write(writer);
        return buffer.AsSpan(1, writer.Length).ToArray();
    }
}
