using System.Text;
using FotaDevice.Protocol.Cbor;
using Xunit;
using Sfc = System.Formats.Cbor;

namespace FotaDevice.Tests.Protocol;

public class CborReaderTests
{
    // RFC 8949 Appendix A examples inside the supported subset (tags, floats and simple values are
    // only skipped, and render as skip(n) in both decoders).
    public static readonly TheoryData<string> AppendixA = new()
    {
        "00", "01", "0a", "17", "1818", "1819", "1864", "1903e8", "1a000f4240", "1b000000e8d4a51000",
        "1bffffffffffffffff", "20", "29", "3863", "3903e7",
        "c249010000000000000000", "c349010000000000000000",
        "f90000", "f98000", "f93c00", "fb3ff199999999999a", "f93e00", "f97bff", "fa47c35000", "fa7f7fffff",
        "fb7e37e43c8800759c", "f90001", "f90400", "f9c400", "fbc010666666666666", "f97c00", "f97e00",
        "f9fc00", "fa7f800000", "fa7fc00000", "faff800000", "fb7ff0000000000000", "fb7ff8000000000000",
        "fbfff0000000000000",
        "f4", "f5", "f6", "f7", "f0", "f8ff",
        "c074323031332d30332d32315432303a30343a30305a", "c11a514b67b0", "c1fb41d452d9ec200000",
        "d74401020304", "d818456449455446", "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
        "40", "4401020304", "60", "6161", "6449455446", "62225c", "62c3bc", "63e6b0b4", "64f0908591",
        "80", "83010203", "8301820203820405",
        "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
        "a0", "a201020304", "a26161016162820203", "826161a161626163",
        "a56161614161626142616361436164614461656145",
        "9fff", "9f018202039f0405ffff", "9f01820203820405ff", "83018202039f0405ff", "83019f0203ff820405",
        "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
        "bf61610161629f0203ffff", "826161bf61626163ff", "bf6346756ef563416d7421ff",
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void AppendixAExamplesDecodeLikeTheReference(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(CborDiag.Reference(bytes), CborDiag.Ours(reader));
        Assert.True(reader.IsAtEnd);

        reader.Reset(bytes, 0, bytes.Length);
        reader.SkipValue();
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("3bffffffffffffffff")] // -18446744073709551616: well-formed, beyond Int64
    [InlineData("3b8000000000000000")] // -2^63 - 1
    public void NegativesBeyondInt64AreOutOfRangeButSkippable(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(CborType.NegativeInteger, reader.PeekType());
        Assert.Equal(CborError.OutOfRange, Assert.Throws<CborException>(() => reader.ReadInt64()).Code);
        reader.Reset(bytes, 0, bytes.Length);
        reader.SkipValue();
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("5f42010243030405ff")] // (_ h'0102', h'030405')
    [InlineData("7f657374726561646d696e67ff")] // (_ "strea", "ming")
    public void IndefiniteStringsAreRejected(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        var e = Assert.Throws<CborException>(() => reader.SkipValue());
        Assert.Equal(CborError.IndefiniteString, e.Code);
        reader.Reset(bytes, 0, bytes.Length);
        e = Assert.Throws<CborException>(() => reader.GetByteStringRange(out _, out _));
        Assert.Equal(bytes[0] == 0x5f ? CborError.IndefiniteString : CborError.UnexpectedType, e.Code);
        reader.Reset(bytes, 0, bytes.Length);
        e = Assert.Throws<CborException>(() => reader.ReadTextString());
        Assert.Equal(bytes[0] == 0x7f ? CborError.IndefiniteString : CborError.UnexpectedType, e.Code);
    }

    public static IEnumerable<object[]> IntegerBoundaries()
    {
        ulong[] magnitudes =
        {
            0, 1, 23, 24, 255, 256, 65535, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000,
            0x7FFFFFFFFFFFFFFF, 0x8000000000000000, ulong.MaxValue,
        };
        foreach (var m in magnitudes)
        {
            yield return new object[] { m, false };
            yield return new object[] { m, true };
        }
    }

    // System.Formats.Cbor writes, we read: every integer read method, in range or not.
    [Theory]
    [MemberData(nameof(IntegerBoundaries))]
    public void ReadsIntegersAtEveryLengthBoundary(ulong argument, bool negative)
    {
        var w = new Sfc.CborWriter();
        if (negative)
        {
            w.WriteCborNegativeIntegerRepresentation(argument); // the value -1 - argument
        }
        else
        {
            w.WriteUInt64(argument);
        }

        var bytes = w.Encode();
        Assert.Equal(argument < 24 ? 1 : argument <= 0xFF ? 2 : argument <= 0xFFFF ? 3 : argument <= 0xFFFFFFFF ? 5 : 9, bytes.Length);

        // -1 - argument, where it fits.
        var asInt64 = negative ? (argument <= long.MaxValue ? -1 - (long)argument : (long?)null) : (argument <= long.MaxValue ? (long)argument : null);
        var asInt32 = asInt64 is >= int.MinValue and <= int.MaxValue ? (int?)asInt64 : null;

        Check(bytes, r => r.ReadUInt64(), negative ? null : argument);
        Check(bytes, r => r.ReadUInt32(), !negative && argument <= uint.MaxValue ? (uint)argument : null);
        Check(bytes, r => r.ReadInt64(), asInt64);
        Check(bytes, r => r.ReadInt32(), asInt32);
    }

    private static void Check<T>(byte[] bytes, Func<CborReader, T> read, T? expected)
        where T : struct
    {
        // The item sits at the end of a larger buffer with the range limiting it.
        var buffer = new byte[bytes.Length + 7];
        bytes.CopyTo(buffer, 3);
        var reader = new CborReader(buffer, 3, bytes.Length);
        if (expected is { } value)
        {
            Assert.Equal(value, read(reader));
            Assert.True(reader.IsAtEnd);
        }
        else
        {
            Assert.Equal(CborError.OutOfRange, Assert.Throws<CborException>(() => read(reader)).Code);
        }
    }

    [Theory]
    [InlineData("1805", 5UL)]
    [InlineData("190005", 5UL)]
    [InlineData("1a00000005", 5UL)]
    [InlineData("1b0000000000000005", 5UL)]
    [InlineData("1b00000000000000ff", 255UL)]
    [InlineData("1900ff", 255UL)]
    public void AcceptsNonMinimalIntegers(string hex, ulong expected)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(expected, new CborReader(bytes, 0, bytes.Length).ReadUInt64());
        Assert.Equal(expected, new Sfc.CborReader(bytes, Sfc.CborConformanceMode.Lax).ReadUInt64());
    }

    [Theory]
    [InlineData("7801" + "61")] // "a" with a one-byte length
    [InlineData("790001" + "61")]
    [InlineData("b801" + "6161" + "01")] // {"a": 1} with a one-byte count
    [InlineData("9a00000002" + "0102")] // [1, 2] with a four-byte count
    [InlineData("5b0000000000000001" + "ff")] // h'ff' with an eight-byte length
    public void AcceptsNonMinimalLengthsAndCounts(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(CborDiag.Reference(bytes), CborDiag.Ours(reader));
        Assert.True(reader.IsAtEnd);
    }

    public static readonly TheoryData<string> TextSamples = new()
    {
        "", "a", "IETF", "\"\\", "ü", "水", "\U00010151", new string('x', 23), new string('y', 24),
        new string('z', 255), new string('w', 256), new string('v', 65535), new string('u', 65536),
        "upgrade", "confirm", "image",
    };

    [Theory]
    [MemberData(nameof(TextSamples))]
    public void ReadsTextStrings(string text)
    {
        var w = new Sfc.CborWriter();
        w.WriteTextString(text);
        var bytes = w.Encode();
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(text, reader.ReadTextString());
        Assert.True(reader.IsAtEnd);

        var utf8 = Encoding.UTF8.GetBytes(text);
        reader.Reset(bytes, 0, bytes.Length);
        Assert.True(reader.ReadTextStringEquals(utf8));
        reader.Reset(bytes, 0, bytes.Length);
        Assert.True(reader.TryReadKey(utf8));
        Assert.True(reader.IsAtEnd);
        reader.Reset(bytes, 0, bytes.Length);
        reader.GetTextStringRange(out var offset, out var length);
        Assert.Equal(bytes.Length - utf8.Length, offset);
        Assert.Equal(utf8.Length, length);
    }

    // Lengths on both sides of every head-size boundary.
    public static readonly TheoryData<int> StringSizes = new() { 0, 1, 23, 24, 255, 256, 65535, 65536 };

    internal static byte[] RandomBytes(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        return content;
    }

    [Theory]
    [MemberData(nameof(StringSizes))]
    public void ByteStringRangePointsIntoTheBuffer(int size)
    {
        var content = RandomBytes(size);
        var w = new Sfc.CborWriter();
        w.WriteByteString(content);
        var bytes = w.Encode();
        var buffer = new byte[bytes.Length + 10];
        bytes.CopyTo(buffer, 5);

        var reader = new CborReader(buffer, 5, bytes.Length);
        reader.GetByteStringRange(out var offset, out var length);
        Assert.Equal(5 + bytes.Length - size, offset);
        Assert.Equal(size, length);
        Assert.Equal(content, buffer.AsSpan(offset, length).ToArray());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void KeyComparisonIsExactAndConsumesOnlyOnMatch()
    {
        var bytes = Convert.FromHexString("a3" + "636f6666" + "01" + "636f6667" + "02" + "626f66" + "03"); // {"off":1,"ofg":2,"of":3}
        var off = "off"u8.ToArray();
        var reader = new CborReader(bytes, 0, bytes.Length);
        reader.ReadStartMap();
        Assert.False(reader.TryReadKey("of"u8.ToArray()));
        Assert.False(reader.TryReadKey("offs"u8.ToArray()));
        Assert.False(reader.TryReadKey("ofg"u8.ToArray()));
        Assert.True(reader.TryReadKey(off));
        Assert.False(reader.TryReadKey(off)); // the value 1 is next, not a string
        Assert.Equal(1u, reader.ReadUInt32());
        Assert.False(reader.TryReadKey(off));
        Assert.False(reader.ReadTextStringEquals(off)); // "ofg" consumed
        Assert.Equal(2u, reader.ReadUInt32());
        Assert.False(reader.ReadTextStringEquals(off)); // "of" consumed
        Assert.Equal(3u, reader.ReadUInt32());
        Assert.False(reader.TryReadKey(off)); // end of map: false, not an exception
        reader.ReadEnd();
        Assert.True(reader.IsAtEnd);
    }

    // A random document written by System.Formats.Cbor, definite or indefinite containers at random,
    // decodes the same through both readers; then every one of its truncations fails cleanly.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RandomDocumentsFromTheReferenceWriter(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 40; i++)
        {
            var w = new Sfc.CborWriter(Sfc.CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
            WriteRandom(w, random, 0);
            var bytes = w.Encode();
            var reader = new CborReader(bytes, 0, bytes.Length);
            Assert.Equal(CborDiag.Reference(bytes), CborDiag.Ours(reader));
            Assert.True(reader.IsAtEnd);
            reader.Reset(bytes, 0, bytes.Length);
            reader.SkipValue();
            Assert.True(reader.IsAtEnd);
            if (bytes.Length < 600)
            {
                AssertEveryTruncationFails(bytes);
            }
        }
    }

    internal static void WriteRandom(Sfc.CborWriter w, Random random, int depth)
    {
        var kind = random.Next(depth >= 4 ? 7 : 9);
        switch (kind)
        {
            case 0:
                w.WriteUInt64(RandomMagnitude(random));
                break;
            case 1:
                w.WriteCborNegativeIntegerRepresentation(RandomMagnitude(random) & 0x7FFFFFFFFFFFFFFF);
                break;
            case 2:
                {
                    var b = new byte[random.Next(4) == 0 ? random.Next(300) : random.Next(30)];
                    random.NextBytes(b);
                    w.WriteByteString(b);
                    break;
                }

            case 3:
                w.WriteTextString(RandomText(random));
                break;
            case 4:
                w.WriteBoolean(random.Next(2) == 0);
                break;
            case 5:
                w.WriteNull();
                break;
            case 6:
                if (random.Next(2) == 0)
                {
                    w.WriteTag(Sfc.CborTag.UnsignedBigNum);
                    w.WriteByteString(new byte[] { 1, 2 });
                }
                else
                {
                    w.WriteDouble(random.NextDouble());
                }

                break;
            case 7:
                {
                    var n = random.Next(6);
                    w.WriteStartArray(random.Next(2) == 0 ? null : n);
                    for (var i = 0; i < n; i++)
                    {
                        WriteRandom(w, random, depth + 1);
                    }

                    w.WriteEndArray();
                    break;
                }

            default:
                {
                    var n = random.Next(5);
                    w.WriteStartMap(random.Next(2) == 0 ? null : n);
                    for (var i = 0; i < n; i++)
                    {
                        w.WriteTextString("k" + i);
                        WriteRandom(w, random, depth + 1);
                    }

                    w.WriteEndMap();
                    break;
                }
        }
    }

    private static ulong RandomMagnitude(Random random)
    {
        var bits = random.Next(65);
        var value = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        return bits == 64 ? value : value & ((1UL << bits) - 1);
    }

    private static string RandomText(Random random)
    {
        string[] parts = { "a", "off", "data", "ü", "水", "\U00010151", " ", "sha" };
        var sb = new StringBuilder();
        var n = random.Next(8);
        for (var i = 0; i < n; i++)
        {
            sb.Append(parts[random.Next(parts.Length)]);
        }

        return sb.ToString();
    }

    // Every proper prefix of a valid item is cut off by the range while the rest of the item still
    // follows in the array: reading past the range would succeed, so a clean Truncated proves the
    // reader kept inside it.
    internal static void AssertEveryTruncationFails(byte[] encoded)
    {
        var buffer = new byte[encoded.Length + 4];
        encoded.CopyTo(buffer, 4);
        var reader = new CborReader(8);
        for (var k = 0; k < encoded.Length; k++)
        {
            reader.Reset(buffer, 4, k);
            var e = Assert.Throws<CborException>(() => CborDiag.Ours(reader));
            Assert.Equal(CborError.Truncated, e.Code);
            Assert.InRange(e.Position, 4, 4 + k);

            reader.Reset(buffer, 4, k);
            e = Assert.Throws<CborException>(() => reader.SkipValue());
            Assert.Equal(CborError.Truncated, e.Code);
        }
    }

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void EveryTruncationOfAppendixAFails(string hex)
    {
        AssertEveryTruncationFails(Convert.FromHexString(hex));
    }

    [Fact]
    public void EveryTruncationOfAnUploadRequestFails()
    {
        AssertEveryTruncationFails(SmpSamples.UploadRequest(definite: true, data: new byte[40], withSha: true));
        AssertEveryTruncationFails(SmpSamples.UploadRequest(definite: false, data: new byte[40], withSha: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ParsesUploadRequestsWithoutCopyingData(bool definite)
    {
        // smpclient (cbor2) sends definite maps; nRF Connect Device Manager before 2024 sent BF…FF.
        var data = new byte[200];
        new Random(7).NextBytes(data);
        var body = SmpSamples.UploadRequest(definite, data, withSha: true);
        var buffer = new byte[body.Length + 8];
        body.CopyTo(buffer, 8);

        var reader = new CborReader(buffer, 8, body.Length);
        var parsed = SmpSamples.ParseUpload(reader);
        Assert.Equal(0u, parsed.Off);
        Assert.Equal(123456u, parsed.Len);
        Assert.Equal(0u, parsed.Image);
        Assert.True(parsed.Upgrade);
        Assert.Equal(data, buffer.AsSpan(parsed.DataOffset, parsed.DataLength).ToArray());
        Assert.Equal(SmpSamples.Sha, buffer.AsSpan(parsed.ShaOffset, 32).ToArray());
        Assert.Equal(1, parsed.UnknownKeys);
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void NestingUpToTheLimitIsReadAndBeyondItRejected(int limit)
    {
        foreach (var indefinite in new[] { false, true })
        {
            var ok = Nested(limit, indefinite);
            var reader = new CborReader(limit);
            reader.Reset(ok, 0, ok.Length);
            reader.SkipValue();
            Assert.True(reader.IsAtEnd);
            reader.Reset(ok, 0, ok.Length);
            Assert.Equal(CborDiag.Reference(ok), CborDiag.Ours(reader));

            var deep = Nested(limit + 1, indefinite);
            reader.Reset(deep, 0, deep.Length);
            Assert.Equal(CborError.NestingTooDeep, Assert.Throws<CborException>(() => reader.SkipValue()).Code);
            reader.Reset(deep, 0, deep.Length);
            Assert.Equal(CborError.NestingTooDeep, Assert.Throws<CborException>(() => CborDiag.Ours(reader)).Code);
        }
    }

    [Fact]
    public void DefaultDepthLimitIsEight()
    {
        var nine = Nested(9, false);
        var reader = new CborReader(nine, 0, nine.Length);
        Assert.Equal(8, reader.MaxDepth);
        Assert.Equal(CborError.NestingTooDeep, Assert.Throws<CborException>(() => reader.SkipValue()).Code);
    }

    // depth nested containers alternating array/map, the innermost holding 1.
    private static byte[] Nested(int depth, bool indefinite)
    {
        var w = new Sfc.CborWriter(Sfc.CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        for (var i = 0; i < depth; i++)
        {
            if (i % 2 == 0)
            {
                w.WriteStartArray(indefinite ? null : 1);
            }
            else
            {
                w.WriteStartMap(indefinite ? null : 1);
                w.WriteTextString("k");
            }
        }

        w.WriteInt32(1);
        for (var i = depth - 1; i >= 0; i--)
        {
            if (i % 2 == 0)
            {
                w.WriteEndArray();
            }
            else
            {
                w.WriteEndMap();
            }
        }

        return w.Encode();
    }

    [Theory]
    [InlineData("1c")]
    [InlineData("1d")]
    [InlineData("1e")]
    [InlineData("3c")]
    [InlineData("5d")]
    [InlineData("7e")]
    [InlineData("9c")]
    [InlineData("bd")]
    [InlineData("de")]
    [InlineData("fc")]
    [InlineData("fd")]
    [InlineData("fe")]
    [InlineData("82011c")]
    [InlineData("a1616101bc")] // {"a": 1} then a reserved head at the top level
    public void ReservedAdditionalInformationIsRejected(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        var e = Assert.Throws<CborException>(() =>
        {
            reader.SkipValue();
            reader.SkipValue();
        });
        Assert.Equal(CborError.ReservedAdditionalInfo, e.Code);
        reader.Reset(bytes, 0, bytes.Length);
        Assert.Equal(CborError.ReservedAdditionalInfo, Assert.Throws<CborException>(() => { CborDiag.Ours(reader); CborDiag.Ours(reader); }).Code);
    }

    [Theory]
    [InlineData("ff")] // break at the top level
    [InlineData("8201ff")] // break inside a definite array
    [InlineData("1f")] // indefinite unsigned integer
    [InlineData("3f")] // indefinite negative integer
    [InlineData("df01")] // indefinite tag
    [InlineData("f810")] // two-byte simple value below 32
    [InlineData("f81f")]
    [InlineData("bf6161ff")] // indefinite map ends after a key
    [InlineData("bf010203ff")] // {_ 1: 2, 3: <break>}
    public void MalformedItemsAreRejected(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(CborError.Malformed, Assert.Throws<CborException>(() => reader.SkipValue()).Code);
        if (bytes[0] != 0xf8)
        {
            // System.Formats.Cbor accepts two-byte simple values below 32, which RFC 8949 §3.3 makes
            // not well-formed; everything else here it rejects too.
            Assert.ThrowsAny<Exception>(() => new Sfc.CborReader(bytes, Sfc.CborConformanceMode.Lax).SkipValue());
        }
    }

    [Fact]
    public void ContainerBoundariesAreEnforced()
    {
        var bytes = Convert.FromHexString("820102" + "03"); // [1, 2] then 3 at the top level
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(CborError.NotInContainer, Assert.Throws<CborException>(() => reader.ReadEnd()).Code);
        Assert.Equal(2, reader.ReadStartArray());
        Assert.Equal(CborError.ItemsRemain, Assert.Throws<CborException>(() => reader.ReadEnd()).Code);
        Assert.False(reader.TryReadEnd());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(2, reader.ReadInt32());
        Assert.Equal(CborType.EndOfContainer, reader.PeekType());
        Assert.Equal(CborError.EndOfContainer, Assert.Throws<CborException>(() => reader.ReadInt32()).Code);

        reader.Reset(bytes, 0, bytes.Length);
        reader.ReadStartArray();
        reader.SkipValue();
        reader.SkipValue();
        Assert.Equal(CborError.EndOfContainer, Assert.Throws<CborException>(() => reader.SkipValue()).Code);

        reader.Reset(bytes, 0, bytes.Length);
        reader.ReadStartArray();
        reader.ReadInt32();
        reader.ReadInt32();
        reader.ReadEnd();
        Assert.Equal(3, reader.ReadInt32());
        Assert.True(reader.IsAtEnd);

        var indefinite = Convert.FromHexString("9f01ff");
        reader.Reset(indefinite, 0, indefinite.Length);
        Assert.Equal(-1, reader.ReadStartArray());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(CborType.EndOfContainer, reader.PeekType());
        Assert.Equal(CborError.EndOfContainer, Assert.Throws<CborException>(() => reader.ReadBoolean()).Code);
        reader.Reset(indefinite, 0, indefinite.Length);
        reader.ReadStartArray();
        reader.ReadInt32();
        reader.ReadEnd();
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void TypeMismatchesAreReported()
    {
        var bytes = Convert.FromHexString("f5");
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(CborError.UnexpectedType, Assert.Throws<CborException>(() => reader.ReadUInt32()).Code);
        reader.Reset(bytes, 0, bytes.Length);
        Assert.Equal(CborError.UnexpectedType, Assert.Throws<CborException>(() => reader.ReadStartMap()).Code);
        reader.Reset(bytes, 0, bytes.Length);
        Assert.Equal(CborError.UnexpectedType, Assert.Throws<CborException>(() => reader.ReadNull()).Code);
        reader.Reset(bytes, 0, bytes.Length);
        Assert.Equal(CborError.UnexpectedType, Assert.Throws<CborException>(() => reader.GetByteStringRange(out _, out _)).Code);
        reader.Reset(bytes, 0, bytes.Length);
        Assert.True(reader.ReadBoolean());

        var negative = Convert.FromHexString("20");
        reader.Reset(negative, 0, 1);
        Assert.Equal(CborError.OutOfRange, Assert.Throws<CborException>(() => reader.ReadUInt64()).Code);
        reader.Reset(negative, 0, 1);
        Assert.Equal(CborError.UnexpectedType, Assert.Throws<CborException>(() => reader.ReadBoolean()).Code);

        var tagged = Convert.FromHexString("c11a514b67b0");
        reader.Reset(tagged, 0, tagged.Length);
        Assert.Equal(CborType.Tag, reader.PeekType());
        Assert.Equal(CborError.UnexpectedType, Assert.Throws<CborException>(() => reader.ReadUInt32()).Code);
    }

    [Fact]
    public void EmptyRangeIsTruncated()
    {
        var bytes = Convert.FromHexString("01");
        var reader = new CborReader(bytes, 1, 0);
        Assert.True(reader.IsAtEnd);
        Assert.Equal(CborError.Truncated, Assert.Throws<CborException>(() => reader.PeekType()).Code);
        Assert.Equal(CborError.Truncated, Assert.Throws<CborException>(() => reader.ReadBoolean()).Code);
    }

    [Fact]
    public void HugeLengthsAndCountsAreTruncatedNotAllocated()
    {
        foreach (var hex in new[] { "5bffffffffffffffff", "7b7fffffffffffffff", "9bffffffffffffffff", "bb4000000000000000", "5a7fffffff00", "a20101" })
        {
            var bytes = Convert.FromHexString(hex);
            var reader = new CborReader(bytes, 0, bytes.Length);
            Assert.Equal(CborError.Truncated, Assert.Throws<CborException>(() => reader.SkipValue()).Code);
            reader.Reset(bytes, 0, bytes.Length);
            Assert.Equal(CborError.Truncated, Assert.Throws<CborException>(() => CborDiag.Ours(reader)).Code);
        }
    }

    [Fact]
    public void Utf8ValidationAgreesWithStrictDotNetDecoder()
    {
        var strict = new UTF8Encoding(false, true);
        var random = new Random(11);
        byte[] interesting = { 0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F };
        for (var i = 0; i < 20000; i++)
        {
            var b = new byte[random.Next(1, 6)];
            for (var j = 0; j < b.Length; j++)
            {
                b[j] = interesting[random.Next(interesting.Length)];
            }

            bool expected;
            try
            {
                strict.GetString(b);
                expected = true;
            }
            catch (DecoderFallbackException)
            {
                expected = false;
            }

            Assert.True(expected == CborReader.IsValidUtf8(b, 0, b.Length), Convert.ToHexString(b));
        }

        var bad = Convert.FromHexString("62c080"); // overlong NUL
        var reader = new CborReader(bad, 0, bad.Length);
        Assert.Equal(CborError.InvalidUtf8, Assert.Throws<CborException>(() => reader.ReadTextString()).Code);
    }

    [Fact]
    public void RangeMustLieInsideTheBuffer()
    {
        var buffer = new byte[10];
        Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 2, -1));
        Assert.Throws<ArgumentNullException>(() => new CborReader(null!, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(0));
    }
}
