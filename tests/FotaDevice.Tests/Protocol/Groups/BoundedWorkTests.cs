using System.Formats.Cbor;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Testing.Allocations;
using Xunit;
using Xunit.Abstractions;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>
/// No request makes the device do work or allocate more than linearly in its size (a crash looks
/// like a power-on). Every handler gets requests of the largest size the device takes, built to be
/// as costly as possible: a known key repeated, one huge value, thousands of unknown keys, nesting
/// past the depth limit. Work is counted, not timed: bytes allocated on the handling thread, bytes
/// read back from the slots (a verification), and storage writes.
/// </summary>
public sealed class BoundedWorkTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Twice the request buffer (the test transport copies the reply): never a copy per byte of input.</summary>
    private const long AllocationBound = 2 * 2048;

    private readonly SmpRig _rig = Warm(SmpRig.Running());

    public static TheoryData<string, int, int, int, string[]> Handlers => new()
    {
        { "os echo", SmpHeader.OpWrite, 0, 0, ["d"] },
        { "os reset", SmpHeader.OpWrite, 0, 5, ["force"] },
        { "os parameters", SmpHeader.OpRead, 0, 6, [] },
        { "os info", SmpHeader.OpRead, 0, 7, ["format"] },
        { "image state read", SmpHeader.OpRead, 1, 0, [] },
        { "image state write", SmpHeader.OpWrite, 1, 0, ["hash", "confirm"] },
        { "image upload", SmpHeader.OpWrite, 1, 1, ["off", "len", "data", "sha", "upgrade", "image"] },
        { "image erase", SmpHeader.OpWrite, 1, 5, ["slot"] },
        { "fota status", SmpHeader.OpRead, FotaGroup.Id, 0, [] },
        { "fota owner code", SmpHeader.OpWrite, FotaGroup.Id, FotaGroup.CodeCommand, ["action", "hash", "challenge", "proof"] },
        { "log read", SmpHeader.OpRead, LogGroup.Id, 0, ["after"] },
    };

    public void Dispose() => _rig.Dispose();

    [Theory]
    [MemberData(nameof(Handlers))]
    public void AMaximumSizeHostileRequestCostsABoundedAmountOfWork(string handler, int op, int group, int id, string[] keys)
    {
        var room = _rig.ServerSettings.BufferSize - SmpHeader.Size;
        foreach (var (name, body) in HostileBodies(keys, room))
        {
            Assert.InRange(body.Length, room - 40, room);
            var frame = _rig.FrameOf(op, group, id, body);
            long read = 0;
            int writes = 0;
            long allocated = AllocationCount.Of(() =>
            {
                // Sent again only if a collection disturbed the count: the reads and writes are those of the run counted.
                long readBefore = _rig.Slots.Sum(s => s.BytesRead);
                int writesBefore = _rig.Slots.Sum(s => s.Writes) + _rig.Records.Writes;
                _rig.Transport.Fragments.Clear();
                _rig.Server.ReceiveDatagram("stranger", frame, 0, frame.Length);
                read = _rig.Slots.Sum(s => s.BytesRead) - readBefore;
                writes = _rig.Slots.Sum(s => s.Writes) + _rig.Records.Writes - writesBefore;
            });
            var reply = SmpRig.Decode(_rig.Transport.Fragments.SelectMany(f => f).ToArray());
            output.WriteLine($"{handler} / {name}: {allocated} bytes allocated, {read} read back, {writes} writes, rc {SmpRig.Rc(reply)}");
            Assert.True(allocated <= AllocationBound, $"{handler} / {name}: {allocated} bytes allocated");
            Assert.True(read <= _rig.Slots[0].Capacity, $"{handler} / {name}: {read} bytes read back (more than one slot)");
            Assert.True(writes <= 3, $"{handler} / {name}: {writes} storage writes");
        }
    }

    /// <summary>The bodies an attacker would try against a handler reading <paramref name="keys"/>, each close to <paramref name="room"/> bytes.</summary>
    private static IEnumerable<(string Name, byte[] Body)> HostileBodies(string[] keys, int room)
    {
        foreach (var key in keys.Append("unknown-key"))
        {
            yield return ($"\"{key}\" repeated with a short text", Repeated(room, key, w => w.WriteTextString("sa")));
            yield return ($"\"{key}\" repeated with a 32-byte string", Repeated(room, key, w => w.WriteByteString(new byte[32])));
            yield return ($"\"{key}\" repeated with an integer", Repeated(room, key, w => w.WriteInt32(0)));
            yield return ($"\"{key}\" with one text filling the request", Single(room, key, n => new string('s', n), (w, t) => w.WriteTextString(t)));
            yield return ($"\"{key}\" with one byte string filling the request", Single(room, key, n => new byte[n], (w, b) => w.WriteByteString(b)));
        }

        yield return ("nesting past the depth limit", Nested(room));
        yield return ("thousands of one-letter unknown keys", Repeated(room, "z", w => w.WriteNull()));
    }

    private static byte[] Repeated(int room, string key, Action<CborWriter> value)
    {
        var best = Array.Empty<byte>();
        for (var pairs = 1; ; pairs++)
        {
            var w = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
            w.WriteStartMap(null);
            for (var i = 0; i < pairs; i++)
            {
                w.WriteTextString(key);
                value(w);
            }

            w.WriteEndMap();
            var body = w.Encode();
            if (body.Length > room)
            {
                return best;
            }

            best = body;
            pairs += Math.Max(0, (room - body.Length) / (body.Length / pairs) - 2); // jump close to the limit
        }
    }

    private static byte[] Single<T>(int room, string key, Func<int, T> make, Action<CborWriter, T> write)
    {
        for (var n = room; n > 0; n--)
        {
            var w = new CborWriter(CborConformanceMode.Lax);
            w.WriteStartMap(1);
            w.WriteTextString(key);
            write(w, make(n));
            w.WriteEndMap();
            var body = w.Encode();
            if (body.Length <= room)
            {
                return body;
            }

            n -= body.Length - room - 1;
        }

        throw new InvalidOperationException("no room");
    }

    private static byte[] Nested(int room)
    {
        // {"x": [[[[ ... ]]]], "x": [[[[ ... ]]]], ...}: every value nests deeper than the reader allows.
        var one = new List<byte> { 0x61, (byte)'x' };
        one.AddRange(Enumerable.Repeat((byte)0x81, 40)); // arrays of one
        one.Add(0x00);
        var body = new List<byte> { 0xBF };
        while (body.Count + one.Count + 1 <= room)
        {
            body.AddRange(one);
        }

        body.Add(0xFF);
        return body.ToArray();
    }

    /// <summary>The first state read verifies the slots once; afterwards only a change makes the device read them again.</summary>
    private static SmpRig Warm(SmpRig rig)
    {
        rig.ImageList();
        rig.Status();
        return rig;
    }
}
