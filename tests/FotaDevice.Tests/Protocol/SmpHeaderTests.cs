using FotaDevice.Protocol.Cbor;
using FotaDevice.Protocol.Smp;
using Xunit;
using Sfc = System.Formats.Cbor;

namespace FotaDevice.Tests.Protocol;

public class SmpHeaderTests
{
    [Fact]
    public void EncodesFieldsBigEndianWithVersionAndOpInTheFirstByte()
    {
        var header = new SmpHeader
        {
            Op = SmpHeader.OpWrite,
            Version = SmpHeader.Version2,
            Flags = 0,
            Length = 0x0102,
            Group = SmpGroup.Image,
            Sequence = 0x42,
            CommandId = 1,
        };
        var bytes = new byte[10];
        header.Write(bytes, 1);
        Assert.Equal("00" + "0A" + "00" + "0102" + "0001" + "42" + "01" + "00", Convert.ToHexString(bytes));

        var back = new SmpHeader();
        back.Read(bytes, 1);
        Assert.Equal(SmpHeader.OpWrite, back.Op);
        Assert.Equal(SmpHeader.Version2, back.Version);
        Assert.Equal(0x0102, back.Length);
        Assert.Equal(SmpGroup.Image, back.Group);
        Assert.Equal(0x42, back.Sequence);
        Assert.Equal(1, back.CommandId);
        Assert.True(back.IsRequest);
    }

    [Fact]
    public void DecodesAnEchoRequest()
    {
        // An OS echo request built from smp_group_0.rst (group 0, command 0, write, v1, sequence 7): {"d": "hello"}.
        var frame = Convert.FromHexString("02000009000007" + "00" + "a16164" + "6568656c6c6f");
        var header = new SmpHeader();
        header.Read(frame, 0);
        Assert.Equal(SmpHeader.OpWrite, header.Op);
        Assert.Equal(SmpHeader.Version1, header.Version);
        Assert.Equal(9, header.Length);
        Assert.Equal(SmpGroup.Os, header.Group);
        Assert.Equal(7, header.Sequence);
        Assert.Equal(0, header.CommandId);
        Assert.Equal(frame.Length - SmpHeader.Size, header.Length);
    }

    [Fact]
    public void EveryFieldRoundTripsAtItsLimits()
    {
        var random = new Random(3);
        var header = new SmpHeader();
        var back = new SmpHeader();
        var bytes = new byte[8];
        for (var i = 0; i < 2000; i++)
        {
            header.Op = random.Next(8);
            header.Version = random.Next(4);
            header.Flags = random.Next(2) == 0 ? 0 : random.Next(256);
            header.Length = i < 2 ? i * 0xFFFF : random.Next(0x10000);
            header.Group = i < 2 ? i * 0xFFFF : random.Next(0x10000);
            header.Sequence = random.Next(256);
            header.CommandId = random.Next(256);
            header.Write(bytes, 0);
            back.Read(bytes, 0);
            Assert.Equal((header.Op, header.Version, header.Flags, header.Length, header.Group, header.Sequence, header.CommandId),
                (back.Op, back.Version, back.Flags, back.Length, back.Group, back.Sequence, back.CommandId));
            Assert.Equal(0, bytes[0] >> 5); // reserved bits written as 0
        }
    }

    [Fact]
    public void ReservedBitsAreIgnoredWhenRead()
    {
        var header = new SmpHeader();
        header.Read(Convert.FromHexString("E9000000000100" + "05"), 0); // Res = 0b111, Ver = 1, Op = 1
        Assert.Equal(SmpHeader.OpReadResponse, header.Op);
        Assert.Equal(SmpHeader.Version2, header.Version);
        Assert.False(header.IsRequest);
    }

    [Fact]
    public void ResponseHeaderEchoesTheRequest()
    {
        var request = new SmpHeader { Op = SmpHeader.OpRead, Version = SmpHeader.Version2, Flags = 3, Length = 9, Group = 64, Sequence = 200, CommandId = 4 };
        var response = new SmpHeader();
        response.SetResponseTo(request, 300);
        Assert.Equal(SmpHeader.OpReadResponse, response.Op);
        Assert.Equal(SmpHeader.Version2, response.Version);
        Assert.Equal(0, response.Flags);
        Assert.Equal(300, response.Length);
        Assert.Equal(64, response.Group);
        Assert.Equal(200, response.Sequence);
        Assert.Equal(4, response.CommandId);

        request.Op = SmpHeader.OpWrite;
        response.SetResponseTo(request, 0);
        Assert.Equal(SmpHeader.OpWriteResponse, response.Op);
        Assert.Throws<ArgumentException>(() => response.SetResponseTo(response, 0));

        var copy = new SmpHeader();
        copy.CopyFrom(response);
        Assert.Equal((response.Op, response.Group, response.Sequence, response.CommandId), (copy.Op, copy.Group, copy.Sequence, copy.CommandId));
    }

    [Fact]
    public void OutOfRangeFieldsAndShortBuffersAreRejected()
    {
        var header = new SmpHeader();
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Op = 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Version = 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Flags = 256);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Length = 0x10000);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Group = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Sequence = 256);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.CommandId = 256);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Read(new byte[10], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Write(new byte[7], 0));
    }

    [Fact]
    public void ErrorBodiesForBothVersions()
    {
        var buffer = new byte[32];
        var writer = new CborWriter(buffer, 8, 24);

        SmpErrors.WriteError(writer, SmpHeader.Version1, SmpGroup.Image, SmpErrors.EMSGSIZE);
        var reference = new Sfc.CborWriter();
        reference.WriteStartMap(1);
        reference.WriteTextString("rc");
        reference.WriteInt32(7);
        reference.WriteEndMap();
        Assert.Equal(reference.Encode(), buffer.AsSpan(8, writer.Length).ToArray());

        writer.Reset();
        SmpErrors.WriteError(writer, SmpHeader.Version2, SmpGroup.Image, 5);
        reference.Reset();
        reference.WriteStartMap(1);
        reference.WriteTextString("err");
        reference.WriteStartMap(2);
        reference.WriteTextString("group");
        reference.WriteInt32(1);
        reference.WriteTextString("rc");
        reference.WriteInt32(5);
        reference.WriteEndMap();
        reference.WriteEndMap();
        Assert.Equal(reference.Encode(), buffer.AsSpan(8, writer.Length).ToArray());

        writer.Reset();
        SmpErrors.WriteRc(writer, SmpErrors.ENOTSUP);
        Assert.Equal("A1" + "627263" + "08", Convert.ToHexString(buffer, 8, writer.Length));

        var tooSmall = new CborWriter(new byte[5]);
        Assert.Equal(CborError.BufferTooSmall, Assert.Throws<CborException>(() => SmpErrors.WriteError(tooSmall, SmpHeader.Version2, 1, 1)).Code);
    }

    [Fact]
    public void ErrorCodesHaveZephyrValues()
    {
        int[] codes =
        {
            SmpErrors.EOK, SmpErrors.EUNKNOWN, SmpErrors.ENOMEM, SmpErrors.EINVAL, SmpErrors.ETIMEOUT, SmpErrors.ENOENT,
            SmpErrors.EBADSTATE, SmpErrors.EMSGSIZE, SmpErrors.ENOTSUP, SmpErrors.ECORRUPT, SmpErrors.EBUSY,
            SmpErrors.EACCESSDENIED, SmpErrors.UNSUPPORTED_TOO_OLD, SmpErrors.UNSUPPORTED_TOO_NEW,
        };
        Assert.Equal(Enumerable.Range(0, 14), codes);
        Assert.Equal(256, SmpErrors.EPERUSER);
    }
}
