using System.Formats.Cbor;
using FotaDevice.Platform.Ble;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Tests.Fakes;
using Xunit;

namespace FotaDevice.Tests.Platform;

/// <summary>
/// The portable half of the BLE transport against a fake GATT peer: a phone that writes requests
/// in MTU-sized pieces and collects notifications, a stack that runs out of buffers, drops and
/// disconnects.
/// </summary>
public class SmpGattLinkTests
{
    private readonly FakeNotifier _notifier = new();
    private readonly ListLog _log = new();
    private readonly SmpGattLink _link;
    private byte _sequence;

    public SmpGattLinkTests()
    {
        var device = new DeviceHarness();
        device.Start();
        _link = new SmpGattLink(_notifier, bufferCount: 1, bufferSize: 64, _log); // a 72-byte ring
        _link.Attach(new SmpServer(device.Engine, new SmpServerSettings { BufferSize = 128 }, _link));
    }

    [Theory]
    [InlineData(23)]
    [InlineData(247)]
    public void ARequestInSmallWritesGetsItsReplyInWholeNotifications(int mtu)
    {
        _link.OnMtuChanged(mtu);
        var text = new string('e', 50);
        WriteInPieces(Echo(text), mtu - 3);
        Drain();
        Assert.All(_notifier.Sent, n => Assert.True(n.Length <= mtu - 3));
        Assert.Equal(mtu == 23 ? 4 : 1, _notifier.Sent.Count); // 8 + 55 bytes of reply
        Assert.Equal(text, EchoReply());
    }

    [Fact]
    public void AFullQueueDropsAWholeRequestAndTheNextOneWorks()
    {
        var first = Echo(new string('a', 40));
        var second = Echo(new string('b', 40));
        Assert.True(_link.OnWrite(first, 0, 20));
        Assert.True(_link.OnWrite(first, 20, 20));
        Assert.False(_link.OnWrite(first, 40, first.Length - 40) && _link.OnWrite(second, 0, 20)); // no room for both
        Assert.False(_link.OnWrite(second, 20, second.Length - 20)); // the ring holds only one request
        Drain();
        var third = Echo("after the drop");
        WriteInPieces(third, 20);
        Drain();
        Assert.True(_link.DroppedWrites > 0);
        var replies = Replies();
        Assert.Equal("after the drop", (string)replies[^1]["r"]);
        Assert.DoesNotContain(replies, r => ((string)r["r"]).StartsWith('b'));
    }

    [Fact]
    public void ADroppedFirstWriteStillKeepsTheRequestBoundaries()
    {
        var big = Echo(new string('x', 70));
        var fillers = Echo("fill");
        Assert.True(_link.OnWrite(fillers, 0, fillers.Length));
        Assert.True(_link.OnWrite(big, 0, 20)); // the first piece fits
        Assert.False(_link.OnWrite(big, 20, big.Length - 20)); // the rest does not: the request is broken
        Drain();
        WriteInPieces(Echo("next"), 20);
        Drain();
        var replies = Replies();
        Assert.Equal(new[] { "fill", "next" }, replies.Select(r => (string)r["r"]).ToArray());
    }

    [Fact]
    public void ARefusedNotificationIsRetriedAndNeverTruncated()
    {
        _notifier.RefuseNext = 3;
        WriteInPieces(Echo("retry me"), 20);
        Drain();
        Assert.Equal("retry me", EchoReply());
        Assert.Equal(0, _link.LostReplies);

        _notifier.RefuseNext = 100;
        _link.NotifyTries = 2;
        WriteInPieces(Echo("lost"), 20);
        Drain();
        Assert.Equal(1, _link.LostReplies);
        Assert.True(_log.Has("could not be notified"));
    }

    [Fact]
    public void ADisconnectIsHandledAfterTheWritesBeforeItAndResetsTheLink()
    {
        _link.OnMtuChanged(185);
        var before = _link.Connection;
        var half = Echo(new string('h', 50));
        Assert.True(_link.OnWrite(half, 0, 30)); // half a request, then the phone goes away
        _link.OnDisconnected();
        Assert.Equal(23, _link.Mtu); // the next connection starts at the minimum
        WriteInPieces(Echo("new connection"), 20);
        Drain();
        Assert.NotSame(before, _link.Connection);
        Assert.Equal("new connection", EchoReply());
        Assert.True(_log.Has("client disconnected"));
    }

    private void WriteInPieces(byte[] request, int piece)
    {
        for (var at = 0; at < request.Length; at += piece)
        {
            Assert.True(_link.OnWrite(request, at, Math.Min(piece, request.Length - at)));
            _link.ProcessOne();
        }
    }

    private void Drain()
    {
        while (_link.ProcessOne())
        {
        }
    }

    private byte[] Echo(string text)
    {
        var cbor = new CborWriter();
        cbor.WriteStartMap(1);
        cbor.WriteTextString("d");
        cbor.WriteTextString(text);
        cbor.WriteEndMap();
        var body = cbor.Encode();
        var request = new byte[SmpHeader.Size + body.Length];
        request[0] = SmpHeader.OpWrite;
        request[2] = (byte)(body.Length >> 8);
        request[3] = (byte)body.Length;
        request[6] = _sequence++;
        body.CopyTo(request, SmpHeader.Size);
        return request;
    }

    private string EchoReply() => (string)Replies().Single()["r"];

    private List<Dictionary<string, object>> Replies()
    {
        var stream = _notifier.Sent.SelectMany(n => n).ToArray();
        var replies = new List<Dictionary<string, object>>();
        for (var at = 0; at < stream.Length;)
        {
            var length = (stream[at + 2] << 8) | stream[at + 3];
            var reader = new CborReader(stream.AsMemory(at + SmpHeader.Size, length));
            var map = new Dictionary<string, object>();
            reader.ReadStartMap();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                var key = reader.ReadTextString();
                map[key] = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : reader.ReadInt64();
            }

            replies.Add(map);
            at += SmpHeader.Size + length;
        }

        _notifier.Sent.Clear();
        return replies;
    }

    private sealed class FakeNotifier : IGattNotifier
    {
        public List<byte[]> Sent { get; } = new();

        public int RefuseNext { get; set; }

        public bool Notify(byte[] data, int offset, int count)
        {
            if (RefuseNext > 0)
            {
                RefuseNext--;
                return false;
            }

            Sent.Add(data.AsSpan(offset, count).ToArray());
            return true;
        }
    }
}
