using FotaDevice.Protocol.Smp;
using Xunit;

namespace FotaDevice.Tests.Protocol;

public class SmpRequestAssemblerTests
{
    private static byte[] Request(int bodyLength, int sequence, int group = SmpGroup.Image)
    {
        var frame = new byte[SmpHeader.Size + bodyLength];
        new SmpHeader { Op = SmpHeader.OpWrite, Version = SmpHeader.Version2, Length = bodyLength, Group = group, Sequence = sequence, CommandId = 1 }.Write(frame, 0);
        for (var i = 0; i < bodyLength; i++)
        {
            frame[SmpHeader.Size + i] = (byte)(sequence * 31 + i);
        }

        return frame;
    }

    /// <summary>Feeds writes through the documented loop; returns the requests (and too-long headers) seen.</summary>
    private static List<string> Feed(SmpRequestAssembler assembler, IEnumerable<byte[]> writes)
    {
        var seen = new List<string>();
        foreach (var write in writes)
        {
            // The write sits inside a larger array, as a transport's buffer would.
            var data = new byte[write.Length + 6];
            write.CopyTo(data, 3);
            int offset = 3, count = write.Length;
            while (count > 0)
            {
                var used = assembler.Write(data, offset, count);
                Assert.InRange(used, 1, count);
                offset += used;
                count -= used;
                if (assembler.Status == SmpRequestAssembler.RequestReady)
                {
                    Assert.Equal(SmpHeader.Size + assembler.Header.Length, assembler.RequestLength);
                    seen.Add("ok:" + Convert.ToHexString(assembler.Buffer, 0, assembler.RequestLength));
                    assembler.Next();
                }
                else if (assembler.Status == SmpRequestAssembler.RequestTooLong)
                {
                    seen.Add("long:" + assembler.Header.Sequence + ":" + assembler.Header.Length);
                }
                else
                {
                    Assert.Equal(0, count);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<byte[]> Split(byte[] stream, int mask)
    {
        // Bit i of mask set: a write boundary after byte i + 1.
        var start = 0;
        for (var i = 0; i < stream.Length - 1; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                yield return stream[start..(i + 1)];
                start = i + 1;
            }
        }

        yield return stream[start..];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void ReassemblesASmallRequestFromEverySplit(int bodyLength)
    {
        var request = Request(bodyLength, 9);
        var assembler = new SmpRequestAssembler(new byte[64]);
        var splits = 1 << (request.Length - 1);
        for (var mask = 0; mask < splits; mask++)
        {
            var seen = Feed(assembler, Split(request, mask));
            Assert.Equal(new[] { "ok:" + Convert.ToHexString(request) }, seen);
            Assert.True(assembler.IsIdle);
        }
    }

    [Fact]
    public void TwoRequestsInOneWriteAndAcrossEveryBoundary()
    {
        var first = Request(3, 1);
        var second = Request(6, 2);
        var stream = first.Concat(second).ToArray();
        var expected = new[] { "ok:" + Convert.ToHexString(first), "ok:" + Convert.ToHexString(second) };
        var assembler = new SmpRequestAssembler(new byte[32]);

        Assert.Equal(expected, Feed(assembler, new[] { stream }));
        for (var a = 1; a < stream.Length; a++)
        {
            for (var b = a; b < stream.Length; b++)
            {
                var writes = b == a ? new[] { stream[..a], stream[a..] } : new[] { stream[..a], stream[a..b], stream[b..] };
                Assert.Equal(expected, Feed(assembler, writes));
            }
        }
    }

    [Fact]
    public void WriteStopsAtTheEndOfARequest()
    {
        var stream = Request(2, 1).Concat(Request(0, 2)).ToArray();
        var assembler = new SmpRequestAssembler(new byte[16]);
        Assert.Equal(10, assembler.Write(stream, 0, stream.Length));
        Assert.Equal(SmpRequestAssembler.RequestReady, assembler.Status);
        Assert.Throws<InvalidOperationException>(() => assembler.Write(stream, 10, 8));
        assembler.Next();
        Assert.Equal(8, assembler.Write(stream, 10, 8));
        Assert.Equal(SmpRequestAssembler.RequestReady, assembler.Status);
        Assert.Equal(2, assembler.Header.Sequence);
        Assert.Equal(0, assembler.Header.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(1000)]
    public void OverLongRequestIsReportedSkippedAndTheNextOneAssembled(int writeSize)
    {
        var tooLong = Request(100, 5); // 108 bytes for a 32-byte buffer
        var fits = Request(24, 6); // exactly 32 bytes
        var after = Request(1, 7);
        var stream = tooLong.Concat(fits).Concat(after).ToArray();
        var writes = stream.Chunk(writeSize).ToArray();

        var assembler = new SmpRequestAssembler(new byte[32]);
        var seen = Feed(assembler, writes);
        Assert.Equal(new[] { "long:5:100", "ok:" + Convert.ToHexString(fits), "ok:" + Convert.ToHexString(after) }, seen);
        Assert.True(assembler.IsIdle);
    }

    [Fact]
    public void TooLongStatusComesRightAfterTheHeader()
    {
        var tooLong = Request(100, 5);
        var assembler = new SmpRequestAssembler(new byte[32]);
        Assert.Equal(8, assembler.Write(tooLong, 0, tooLong.Length));
        Assert.Equal(SmpRequestAssembler.RequestTooLong, assembler.Status);
        Assert.Equal(100, assembler.Header.Length);
        Assert.False(assembler.IsIdle);
        Assert.Equal(100, assembler.Write(tooLong, 8, 100));
        Assert.Equal(SmpRequestAssembler.NeedMore, assembler.Status);
        Assert.True(assembler.IsIdle);
    }

    [Fact]
    public void ResetDropsAPartialOrSkippedRequest()
    {
        var request = Request(10, 3);
        var assembler = new SmpRequestAssembler(new byte[32]);
        for (var cut = 1; cut < request.Length; cut++)
        {
            Assert.Equal(cut, assembler.Write(request, 0, cut));
            Assert.Equal(SmpRequestAssembler.NeedMore, assembler.Status);
            assembler.Reset();
            Assert.True(assembler.IsIdle);
            Assert.Equal(new[] { "ok:" + Convert.ToHexString(request) }, Feed(assembler, new[] { request }));
        }

        var tooLong = Request(100, 4);
        assembler.Write(tooLong, 0, 20);
        assembler.Reset();
        Assert.Equal(new[] { "ok:" + Convert.ToHexString(request) }, Feed(assembler, new[] { request }));

        assembler.Write(request, 0, request.Length);
        Assert.Equal(SmpRequestAssembler.RequestReady, assembler.Status);
        assembler.Reset();
        Assert.True(assembler.IsIdle);
        Assert.Equal(0, assembler.RequestLength);
    }

    [Fact]
    public void ConstructionAndArgumentsAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmpRequestAssembler(new byte[7]));
        Assert.Throws<ArgumentNullException>(() => new SmpRequestAssembler(null!));
        var assembler = new SmpRequestAssembler(new byte[8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => assembler.Write(new byte[4], 2, 3));
        Assert.Equal(0, assembler.Write(new byte[4], 2, 0));
        Assert.Equal(SmpRequestAssembler.NeedMore, assembler.Status);
        Assert.Equal(8, assembler.Capacity);
    }
}

public class SmpResponseFragmenterTests
{
    [Fact]
    public void FragmentsConcatenateToTheResponseAndNeverExceedTheLimit()
    {
        var random = new Random(5);
        var response = new byte[2100];
        random.NextBytes(response);
        int[] lengths = { 0, 1, 8, 19, 20, 21, 64, 244, 245, 511, 512, 513, 1024, 2048 };
        var fragmenter = new SmpResponseFragmenter(20);
        var destination = new byte[600];
        for (var max = 20; max <= 512; max++)
        {
            fragmenter.MaxFragmentSize = max;
            foreach (var length in lengths)
            {
                // Ranges: handed out in place.
                fragmenter.Start(response, 7, length);
                Assert.Equal((length + max - 1) / max, fragmenter.FragmentsLeft);
                var joined = new List<byte>();
                var fragments = 0;
                while (fragmenter.TryGetNext(out var offset, out var size))
                {
                    Assert.InRange(size, 1, max);
                    Assert.True(size == max || !fragmenter.HasMore); // only the last may be short
                    joined.AddRange(response.AsSpan(offset, size).ToArray());
                    fragments++;
                }

                Assert.Equal(response.AsSpan(7, length).ToArray(), joined.ToArray());
                Assert.Equal((length + max - 1) / max, fragments);
                Assert.Equal(0, fragmenter.Remaining);

                // Copies: into a notification buffer.
                fragmenter.Start(response, 7, length);
                joined.Clear();
                int copied;
                while ((copied = fragmenter.CopyNext(destination, 3)) > 0)
                {
                    Assert.InRange(copied, 1, max);
                    joined.AddRange(destination.AsSpan(3, copied).ToArray());
                }

                Assert.Equal(response.AsSpan(7, length).ToArray(), joined.ToArray());
            }
        }
    }

    [Fact]
    public void LimitMayChangeBetweenFragments()
    {
        var response = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var fragmenter = new SmpResponseFragmenter(20);
        fragmenter.Start(response, 0, response.Length);
        Assert.True(fragmenter.TryGetNext(out var o1, out var l1));
        fragmenter.MaxFragmentSize = 50;
        Assert.True(fragmenter.TryGetNext(out var o2, out var l2));
        Assert.True(fragmenter.TryGetNext(out var o3, out var l3));
        Assert.False(fragmenter.TryGetNext(out _, out var l4));
        Assert.Equal((0, 20, 20, 50, 70, 30, 0), (o1, l1, o2, l2, o3, l3, l4));
    }

    [Fact]
    public void AttMtuGivesThePayloadSize()
    {
        Assert.Equal(20, SmpResponseFragmenter.PayloadSizeForAttMtu(23));
        Assert.Equal(244, SmpResponseFragmenter.PayloadSizeForAttMtu(247));
        Assert.Equal(509, SmpResponseFragmenter.PayloadSizeForAttMtu(512));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmpResponseFragmenter.PayloadSizeForAttMtu(22));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmpResponseFragmenter(0));
    }

    [Fact]
    public void CopyNeedsRoomAndClearDropsTheRest()
    {
        var fragmenter = new SmpResponseFragmenter(20);
        fragmenter.Start(new byte[50], 0, 50);
        Assert.Throws<ArgumentOutOfRangeException>(() => fragmenter.CopyNext(new byte[25], 6));
        Assert.Equal(50, fragmenter.Remaining); // nothing consumed by the failed copy
        Assert.Equal(20, fragmenter.CopyNext(new byte[25], 5));
        fragmenter.Clear();
        Assert.False(fragmenter.HasMore);
        Assert.Equal(0, fragmenter.CopyNext(new byte[1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => fragmenter.Start(new byte[10], 5, 6));
    }
}
