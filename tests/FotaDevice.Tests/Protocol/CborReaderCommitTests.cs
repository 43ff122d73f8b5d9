using FotaDevice.Protocol.Cbor;
using Xunit;

namespace FotaDevice.Tests.Protocol;

/// <summary>A read commits only when it succeeds (as System.Formats.Cbor's reader): a failed read leaves position, counts and depth as they were.</summary>
public class CborReaderCommitTests
{
    // Each case: a one-item array holding an item, a read that fails on it, and the read that then succeeds.
    public static readonly TheoryData<string, string, int, string> FailedThenRight = new()
    {
        { "8163616263", "ReadInt64", CborError.UnexpectedType, "ReadTextString" },      // ["abc"]
        { "8163616263", "ReadBoolean", CborError.UnexpectedType, "ReadTextString" },
        { "8163616263", "ReadNull", CborError.UnexpectedType, "ReadTextString" },
        { "8163616263", "GetByteStringRange", CborError.UnexpectedType, "GetTextStringRange" },
        { "8163616263", "ReadStartMap", CborError.UnexpectedType, "SkipValue" },
        { "8118ff", "ReadTextString", CborError.UnexpectedType, "ReadInt32" },           // [255]
        { "811b0000000100000000", "ReadUInt32", CborError.OutOfRange, "ReadUInt64" },   // [2^32]
        { "811b0000000100000000", "ReadInt32", CborError.OutOfRange, "ReadInt64" },
        { "8120", "ReadUInt64", CborError.OutOfRange, "ReadInt32" },                     // [-1]
        { "81f5", "ReadInt64", CborError.UnexpectedType, "ReadBoolean" },                // [true]
        { "81f6", "ReadBoolean", CborError.UnexpectedType, "ReadNull" },                 // [null]
        { "8162c328", "ReadTextString", CborError.InvalidUtf8, "GetTextStringRange" },   // [invalid UTF-8]
        { "81a0", "ReadStartArray", CborError.UnexpectedType, "ReadStartMap" },          // [{}]
        { "818102", "ReadStartMap", CborError.UnexpectedType, "SkipValue" },             // [[2]]
    };

    [Theory]
    [MemberData(nameof(FailedThenRight))]
    public void AFailedReadConsumesNothingAndTheRightReadThenWorks(string hex, string wrong, int error, string right)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(1, reader.ReadStartArray());
        var position = reader.Position;

        Assert.Equal(error, Assert.Throws<CborException>(() => Read(reader, wrong)).Code);
        Assert.Equal(position, reader.Position);
        Assert.Equal(1, reader.Depth);
        Assert.False(reader.TryReadEnd()); // the item is still there, still counted as unread

        Read(reader, right);
        if (right == "ReadStartMap")
        {
            reader.ReadEnd();
        }

        reader.ReadEnd(); // exactly one item was read
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void AFailedReadInAnIndefiniteMapDoesNotCountAKey()
    {
        // {_ "a": 1} : a wrong read of the key must not make the map think a key is pending.
        var bytes = Convert.FromHexString("bf616101ff");
        var reader = new CborReader(bytes, 0, bytes.Length);
        Assert.Equal(-1, reader.ReadStartMap());
        Assert.Throws<CborException>(() => reader.ReadInt32());
        Assert.Equal("a", reader.ReadTextString());
        Assert.Throws<CborException>(() => reader.ReadTextString());
        Assert.Equal(1, reader.ReadInt32());
        reader.ReadEnd();
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void AFailedSkipOfAMalformedItemLeavesTheReaderWhereItWas()
    {
        // [[1, 2], ...] with the inner array declaring 3 items of which 2 are there: truncated.
        var bytes = Convert.FromHexString("81830102");
        var reader = new CborReader(bytes, 0, bytes.Length);
        reader.ReadStartArray();
        var position = reader.Position;
        Assert.Equal(CborError.Truncated, Assert.Throws<CborException>(() => reader.SkipValue()).Code);
        Assert.Equal(position, reader.Position);
        Assert.Equal(1, reader.Depth);
        Assert.Equal(CborType.Array, reader.PeekType());
    }

    [Fact]
    public void ATooDeepOrTooLongContainerIsNotOpened()
    {
        var bytes = Convert.FromHexString("81818100"); // [[[0]]]
        var reader = new CborReader(2);
        reader.Reset(bytes, 0, bytes.Length);
        reader.ReadStartArray();
        reader.ReadStartArray();
        var position = reader.Position;
        Assert.Equal(CborError.NestingTooDeep, Assert.Throws<CborException>(() => reader.ReadStartArray()).Code);
        Assert.Equal(position, reader.Position);
        Assert.Equal(2, reader.Depth);

        bytes = Convert.FromHexString("818501"); // [[1, ...4 missing]]
        reader.Reset(bytes, 0, bytes.Length);
        reader.ReadStartArray();
        Assert.Equal(CborError.Truncated, Assert.Throws<CborException>(() => reader.ReadStartArray()).Code);
        Assert.Equal(1, reader.Depth);
        Assert.Equal(1, reader.Position);
    }

    [Fact]
    public void ReadingPastTheEndOfAContainerChangesNothing()
    {
        var bytes = Convert.FromHexString("8101"); // [1]
        var reader = new CborReader(bytes, 0, bytes.Length);
        reader.ReadStartArray();
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(CborError.EndOfContainer, Assert.Throws<CborException>(() => reader.ReadInt32()).Code);
        Assert.Equal(CborError.EndOfContainer, Assert.Throws<CborException>(() => reader.SkipValue()).Code);
        reader.ReadEnd();
        Assert.True(reader.IsAtEnd);
    }

    private static void Read(CborReader reader, string method)
    {
        switch (method)
        {
            case "ReadInt64": reader.ReadInt64(); break;
            case "ReadInt32": reader.ReadInt32(); break;
            case "ReadUInt64": reader.ReadUInt64(); break;
            case "ReadUInt32": reader.ReadUInt32(); break;
            case "ReadBoolean": reader.ReadBoolean(); break;
            case "ReadNull": reader.ReadNull(); break;
            case "ReadTextString": reader.ReadTextString(); break;
            case "GetByteStringRange": reader.GetByteStringRange(out _, out _); break;
            case "GetTextStringRange": reader.GetTextStringRange(out _, out _); break;
            case "ReadStartMap": reader.ReadStartMap(); break;
            case "ReadStartArray": reader.ReadStartArray(); break;
            case "SkipValue": reader.SkipValue(); break;
            default: throw new ArgumentException(method);
        }
    }
}
