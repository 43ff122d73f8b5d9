using FotaDevice.Protocol.Cbor;
using FotaDevice.Protocol.Smp;
using Xunit;
using Sfc = System.Formats.Cbor;

namespace FotaDevice.Tests.Protocol;

public class SmpDispatcherTests
{
    /// <summary>An OS-group echo (command 0) written the way device handlers will be: {"d": s} → {"r": s}.</summary>
    private sealed class EchoHandler : ISmpGroupHandler
    {
        private static readonly byte[] KeyD = "d"u8.ToArray();
        private static readonly byte[] KeyR = "r"u8.ToArray();

        public int GroupId => SmpGroup.Os;

        public int Calls { get; private set; }

        public int Handle(SmpHeader request, CborReader body, CborWriter response)
        {
            Calls++;
            if (request.CommandId == 99)
            {
                throw new InvalidOperationException("handler bug");
            }

            if (request.CommandId != 0 || request.Op != SmpHeader.OpWrite)
            {
                return SmpErrors.ENOTSUP;
            }

            int offset = -1, length = 0;
            body.ReadStartMap();
            while (!body.TryReadEnd())
            {
                if (body.TryReadKey(KeyD))
                {
                    body.GetTextStringRange(out offset, out length);
                }
                else
                {
                    body.SkipValue();
                    body.SkipValue();
                }
            }

            if (offset < 0)
            {
                // A group error, written as a body: v2 {"err": {...}}, v1 {"rc": EINVAL}.
                SmpErrors.WriteError(response, request.Version, SmpGroup.Os, request.Version == SmpHeader.Version2 ? 1 : SmpErrors.EINVAL);
                return SmpErrors.EOK;
            }

            response.WriteStartMap(1);
            response.WriteTextString(KeyR);
            response.WriteTextString(body.Buffer, offset, length);
            return SmpErrors.EOK;
        }
    }

    private static byte[] Frame(int op, int version, int group, int command, int sequence, Action<Sfc.CborWriter> body, int? lengthOverride = null)
    {
        var w = new Sfc.CborWriter(Sfc.CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        body(w);
        var encoded = w.Encode();
        var frame = new byte[SmpHeader.Size + encoded.Length];
        new SmpHeader { Op = op, Version = version, Group = group, CommandId = command, Sequence = sequence, Length = lengthOverride ?? encoded.Length }.Write(frame, 0);
        encoded.CopyTo(frame, SmpHeader.Size);
        return frame;
    }

    private static void Echo(Sfc.CborWriter w, string text)
    {
        w.WriteStartMap(null);
        w.WriteTextString("d");
        w.WriteTextString(text);
        w.WriteEndMap();
    }

    private static (SmpHeader Header, string Body) Run(SmpDispatcher dispatcher, byte[] frame)
    {
        var length = dispatcher.Process(frame, 0, frame.Length);
        if (length == 0)
        {
            return (new SmpHeader(), "");
        }

        var header = new SmpHeader();
        header.Read(dispatcher.ResponseBuffer, 0);
        Assert.Equal(length - SmpHeader.Size, header.Length);
        return (header, CborDiag.Reference(dispatcher.ResponseBuffer.AsSpan(SmpHeader.Size, header.Length).ToArray()));
    }

    private static SmpDispatcher Create(int responseSize = 64)
    {
        var dispatcher = new SmpDispatcher(new byte[responseSize], 2);
        dispatcher.Register(new EchoHandler());
        return dispatcher;
    }

    [Fact]
    public void EchoRoundTrip()
    {
        var (header, body) = Run(Create(), Frame(SmpHeader.OpWrite, SmpHeader.Version2, SmpGroup.Os, 0, 77, w => Echo(w, "hello")));
        Assert.Equal("{\"r\": \"hello\"}", body);
        Assert.Equal((SmpHeader.OpWriteResponse, SmpHeader.Version2, SmpGroup.Os, 0, 77), (header.Op, header.Version, header.Group, header.CommandId, header.Sequence));
    }

    [Fact]
    public void SmpLevelErrorsAreRcReplies()
    {
        var dispatcher = Create();
        Assert.Equal("{\"rc\": 8}", Run(dispatcher, Frame(SmpHeader.OpWrite, SmpHeader.Version2, SmpGroup.Image, 0, 1, w => Echo(w, "x"))).Body); // no handler
        Assert.Equal("{\"rc\": 8}", Run(dispatcher, Frame(SmpHeader.OpRead, SmpHeader.Version1, SmpGroup.Os, 0, 1, w => Echo(w, "x"))).Body); // handler says ENOTSUP
        Assert.Equal("{\"rc\": 1}", Run(dispatcher, Frame(SmpHeader.OpWrite, SmpHeader.Version1, SmpGroup.Os, 99, 1, w => Echo(w, "x"))).Body); // handler bug

        // Malformed body: {"d": <text of 5 bytes>} with only 2 of them present, inside the declared length.
        var raw = Convert.FromHexString("a16164" + "656869");
        var frame = new byte[SmpHeader.Size + raw.Length];
        new SmpHeader { Op = SmpHeader.OpWrite, Group = SmpGroup.Os, Sequence = 2, Length = raw.Length }.Write(frame, 0);
        raw.CopyTo(frame, SmpHeader.Size);
        var (header, body) = Run(dispatcher, frame);
        Assert.Equal("{\"rc\": 3}", body);
        Assert.Equal(2, header.Sequence);

        // Length in the header disagrees with the frame.
        Assert.Equal("{\"rc\": 3}", Run(dispatcher, Frame(SmpHeader.OpWrite, SmpHeader.Version1, SmpGroup.Os, 0, 3, w => Echo(w, "x"), lengthOverride: 2)).Body);
    }

    [Fact]
    public void GroupErrorsFollowTheRequestVersion()
    {
        var dispatcher = Create();
        static void Empty(Sfc.CborWriter w)
        {
            w.WriteStartMap(0);
            w.WriteEndMap();
        }

        Assert.Equal("{\"err\": {\"group\": 0, \"rc\": 1}}", Run(dispatcher, Frame(SmpHeader.OpWrite, SmpHeader.Version2, SmpGroup.Os, 0, 1, Empty)).Body);
        Assert.Equal("{\"rc\": 3}", Run(dispatcher, Frame(SmpHeader.OpWrite, SmpHeader.Version1, SmpGroup.Os, 0, 1, Empty)).Body);
    }

    [Fact]
    public void ResponseTooBigIsEmsgsize()
    {
        var dispatcher = Create(SmpDispatcher.MinimumResponseSize);
        var (_, body) = Run(dispatcher, Frame(SmpHeader.OpWrite, SmpHeader.Version1, SmpGroup.Os, 0, 1, w => Echo(w, new string('x', 40))));
        Assert.Equal("{\"rc\": 7}", body);
    }

    [Fact]
    public void ResponsesAndShortFramesGetNoReply()
    {
        var handler = new EchoHandler();
        var other = new SmpDispatcher(new byte[64], 1);
        other.Register(handler);
        var response = Frame(SmpHeader.OpWriteResponse, 0, SmpGroup.Os, 0, 1, w => Echo(w, "x"));
        Assert.Equal(0, other.Process(response, 0, response.Length));
        Assert.Equal(0, other.Process(new byte[7], 0, 7));
        var odd = Frame(SmpHeader.OpWrite, 0, SmpGroup.Os, 0, 1, w => Echo(w, "x"));
        odd[0] |= 0x05; // OP 7: undefined
        Assert.Equal(0, other.Process(odd, 0, odd.Length));
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public void TooNewVersionIsRejectedWithoutCallingTheHandler()
    {
        var frame = Frame(SmpHeader.OpWrite, SmpHeader.Version2, SmpGroup.Os, 0, 5, w => Echo(w, "x"));
        frame[0] = (byte)((frame[0] & 0x07) | (2 << 3));
        var (header, body) = Run(Create(), frame);
        Assert.Equal("{\"rc\": 13}", body);
        Assert.Equal(SmpHeader.Version2, header.Version);
        Assert.Equal(5, header.Sequence);
    }

    [Fact]
    public void AssemblerAndDispatcherTogether()
    {
        var dispatcher = Create();
        var assembler = new SmpRequestAssembler(new byte[40]);
        var fragmenter = new SmpResponseFragmenter(20);
        var stream = Frame(SmpHeader.OpWrite, SmpHeader.Version1, SmpGroup.Os, 0, 1, w => Echo(w, new string('a', 60))) // too long for 40
            .Concat(Frame(SmpHeader.OpWrite, SmpHeader.Version2, SmpGroup.Os, 0, 2, w => Echo(w, "ok")))
            .ToArray();
        var replies = new List<byte[]>();
        foreach (var write in stream.Chunk(20))
        {
            int offset = 0, count = write.Length;
            while (count > 0)
            {
                var used = assembler.Write(write, offset, count);
                offset += used;
                count -= used;
                var length = 0;
                if (assembler.Status == SmpRequestAssembler.RequestReady)
                {
                    length = dispatcher.Process(assembler.Buffer, 0, assembler.RequestLength);
                    assembler.Next();
                }
                else if (assembler.Status == SmpRequestAssembler.RequestTooLong)
                {
                    length = dispatcher.RejectTooLong(assembler.Header);
                }

                if (length > 0)
                {
                    var notifications = new List<byte>();
                    fragmenter.Start(dispatcher.ResponseBuffer, 0, length);
                    while (fragmenter.TryGetNext(out var o, out var l))
                    {
                        notifications.AddRange(dispatcher.ResponseBuffer.AsSpan(o, l).ToArray());
                    }

                    replies.Add(notifications.ToArray());
                }
            }
        }

        Assert.Equal(2, replies.Count);
        Assert.Equal("{\"rc\": 7}", CborDiag.Reference(replies[0][SmpHeader.Size..]));
        Assert.Equal(1, replies[0][6]);
        Assert.Equal("{\"r\": \"ok\"}", CborDiag.Reference(replies[1][SmpHeader.Size..]));
        Assert.Equal(2, replies[1][6]);
    }

    [Fact]
    public void RegistrationIsChecked()
    {
        var dispatcher = new SmpDispatcher(new byte[64], 1);
        dispatcher.Register(new EchoHandler());
        Assert.Throws<ArgumentException>(() => dispatcher.Register(new EchoHandler()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmpDispatcher(new byte[SmpDispatcher.MinimumResponseSize - 1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmpDispatcher(new byte[64], 0));
    }
}
