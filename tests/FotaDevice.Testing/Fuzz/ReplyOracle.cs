using System.Formats.Cbor;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Testing.Fuzz;

/// <summary>
/// What the device must answer to a frame, and whether it did: a request (read or write op, a whole
/// header) gets exactly one reply — the response op, the request's group, sequence and command, its
/// SMP version (2 and 3 answered as version 2), a length field that matches, a body that is exactly
/// one CBOR map, and never EUNKNOWN (the dispatcher's answer when a handler threw). The answers the
/// protocol fixes are checked too: a version too new, a length that does not match, a group the
/// device does not serve, a request too long for the stream buffer. Anything else gets no reply.
/// </summary>
internal static class ReplyOracle
{
    private static readonly int[] ServedGroups = [SmpGroup.Os, SmpGroup.Image, FotaGroup.Id, LogGroup.Id];

    /// <summary>The reply one frame expects: null when none; with its fixed rc, or -1 when the handler decides.</summary>
    private readonly record struct Expected(int Op, int Version, int Group, int Sequence, int Id, int Rc);

    /// <summary>A datagram: the frame is one request however long its length field says it is.</summary>
    public static string? CheckDatagram(byte[] frame, List<byte[]> sent)
    {
        var expected = Expect(frame, 0, frame.Length);
        return Compare(expected == null ? [] : [expected.Value], Concat(sent));
    }

    /// <summary>
    /// Stream bytes (BLE writes): requests follow one another by their length fields; one too long
    /// for <paramref name="bufferSize"/> is answered EMSGSIZE and skipped. <paramref name="partial"/>:
    /// the frame leaves a request unfinished (the client then disconnects).
    /// </summary>
    public static string? CheckStream(byte[] frame, List<byte[]> notified, int bufferSize, out bool partial)
    {
        var expected = new List<Expected>();
        var at = 0;
        partial = false;
        while (at < frame.Length)
        {
            if (frame.Length - at < SmpHeader.Size)
            {
                partial = true;
                break;
            }

            var length = (frame[at + 2] << 8) | frame[at + 3];
            var total = SmpHeader.Size + length;
            if (total > bufferSize)
            {
                if (IsRequest(frame[at]))
                {
                    var reply = Reply(frame, at);
                    expected.Add(reply with { Version = Math.Min(reply.Version, SmpHeader.Version2), Rc = SmpErrors.EMSGSIZE });
                }
            }
            else if (total <= frame.Length - at)
            {
                if (Expect(frame, at, total) is { } reply)
                {
                    expected.Add(reply);
                }
            }

            if (total > frame.Length - at)
            {
                partial = true;
                break;
            }

            at += total;
        }

        return Compare(expected, Concat(notified));
    }

    private static Expected? Expect(byte[] frame, int at, int count)
    {
        if (count < SmpHeader.Size || !IsRequest(frame[at]))
        {
            return null;
        }

        var reply = Reply(frame, at);
        var length = (frame[at + 2] << 8) | frame[at + 3];
        var rc = -1;
        if (reply.Version > SmpHeader.Version2)
        {
            rc = SmpErrors.UNSUPPORTED_TOO_NEW;
        }
        else if (count - SmpHeader.Size != length)
        {
            rc = SmpErrors.EINVAL;
        }
        else if (!ServedGroups.Contains(reply.Group))
        {
            rc = SmpErrors.ENOTSUP;
        }

        return reply with { Version = Math.Min(reply.Version, SmpHeader.Version2), Rc = rc };
    }

    private static bool IsRequest(byte first) => (first & 7) is SmpHeader.OpRead or SmpHeader.OpWrite;

    private static Expected Reply(byte[] frame, int at) =>
        new((frame[at] & 7) + 1, (frame[at] >> 3) & 3, (frame[at + 4] << 8) | frame[at + 5], frame[at + 6], frame[at + 7], -1);

    private static string? Compare(List<Expected> expected, byte[] replies)
    {
        var at = 0;
        foreach (var want in expected)
        {
            if (replies.Length - at < SmpHeader.Size)
            {
                return $"no reply to a request (group {want.Group}, command {want.Id}, op {want.Op - 1})";
            }

            var length = (replies[at + 2] << 8) | replies[at + 3];
            if (replies.Length - at - SmpHeader.Size < length)
            {
                return "a reply shorter than its length field";
            }

            var got = Reply(replies, at) with { Op = replies[at] & 7 };
            if (got.Op != want.Op || got.Group != want.Group || got.Sequence != want.Sequence || got.Id != want.Id || got.Version != want.Version)
            {
                return $"a reply header {Convert.ToHexString(replies, at, SmpHeader.Size)} does not answer the request (op {want.Op}, version {want.Version}, group {want.Group}, sequence {want.Sequence}, command {want.Id})";
            }

            var problem = CheckBody(replies.AsMemory(at + SmpHeader.Size, length), want.Rc);
            if (problem != null)
            {
                return problem;
            }

            at += SmpHeader.Size + length;
        }

        return at == replies.Length ? null : $"{replies.Length - at} bytes of replies nobody asked for";
    }

    private static string? CheckBody(ReadOnlyMemory<byte> body, int wantRc)
    {
        try
        {
            var reader = new CborReader(body, CborConformanceMode.Lax);
            var rc = 0;
            var pairs = reader.ReadStartMap();
            for (var i = 0; pairs == null ? reader.PeekState() != CborReaderState.EndMap : i < pairs; i++)
            {
                var key = reader.ReadTextString();
                if (key == "rc")
                {
                    rc = (int)reader.ReadInt64();
                }
                else
                {
                    reader.SkipValue();
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                return "bytes after the reply's map";
            }

            if (rc == SmpErrors.EUNKNOWN)
            {
                return "EUNKNOWN: a handler threw (the dispatcher caught it)";
            }

            return wantRc >= 0 && rc != wantRc ? $"rc {rc}, the protocol fixes {wantRc}" : null;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            return "a reply body that is not one CBOR map: " + e.Message;
        }
    }

    private static byte[] Concat(List<byte[]> parts) => parts.SelectMany(p => p).ToArray();
}
