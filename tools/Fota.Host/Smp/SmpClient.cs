using System.Collections.Concurrent;
using System.Formats.Cbor;
using System.Net;

namespace FotaDevice.Host.Smp;

/// <summary>One SMP reply body, decoded into plain .NET values (maps, lists, long, string, byte[], bool).</summary>
public sealed class SmpReply(Dictionary<string, object?> body)
{
    public Dictionary<string, object?> Body { get; } = body;

    public long? Long(string key) => Body.TryGetValue(key, out var v) && v is long l ? l : null;

    public bool? Bool(string key) => Body.TryGetValue(key, out var v) && v is bool b ? b : null;

    public string? Text(string key) => Body.TryGetValue(key, out var v) ? v as string : null;

    /// <summary>Decodes a CBOR map into plain .NET values: maps, lists, long, string, byte[], bool.</summary>
    public static Dictionary<string, object?> ParseMap(ReadOnlyMemory<byte> cbor)
    {
        if (cbor.IsEmpty)
        {
            return [];
        }

        try
        {
            return SmpClient.ReadValue(new CborReader(cbor, CborConformanceMode.Lax)) as Dictionary<string, object?>
                ?? throw new SmpException(SmpException.Corrupt, "the reply is not a CBOR map");
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            throw new SmpException(SmpException.Corrupt, "the reply is not valid CBOR: " + e.Message);
        }
    }
}

/// <summary>One SMP frame as it went to or came from the device (for -v).</summary>
/// <param name="Sent">True for a request, false for a reply.</param>
/// <param name="Bytes">The frame: 8-byte header and CBOR body.</param>
public sealed record SmpTraceFrame(bool Sent, byte[] Bytes);

/// <summary>
/// An SMP (mcumgr) client over any <see cref="ISmpLink"/> (UDP, BLE): SMP v2 requests, replies
/// matched by sequence number, timeouts with retries and back-off, several requests in flight for
/// pipelined uploads. A request whose connection dropped is sent again over a new one.
/// </summary>
public sealed class SmpClient : IDisposable
{
    private const int Version2 = 1;
    private readonly ISmpLink _link;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<byte[]>> _waiting = new();
    private int _sequence;

    public SmpClient(IPEndPoint device)
        : this(new UdpSmpLink(device))
    {
    }

    public SmpClient(ISmpLink link)
    {
        _link = link;
        Timeout = link.ReplyTimeout;
        _link.Received += OnReceived;
        _link.Dropped += OnDropped;
    }

    /// <summary>How long to wait for the first reply to a request (the link's default); each retry waits twice as long as the one before.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Called with every frame sent and received (null: none), on the sending or receiving thread.</summary>
    public Action<SmpTraceFrame>? Trace { get; set; }

    /// <summary>The device as named: "udp:127.0.0.1:1337".</summary>
    public string DeviceName => _link.Name;

    /// <summary>How many times a request is sent before giving up.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>The link to the device.</summary>
    public ISmpLink Link => _link;

    /// <summary>Connects to "udp:HOST[:PORT]" or "ble:NAME|ble:AA:BB:CC:DD:EE:FF" (BLE through BlueZ, with <paramref name="ble"/>'s settings).</summary>
    public static SmpClient Connect(string device, Ble.BleOptions? ble = null) => new(DeviceAddress.Open(device, ble));

    /// <summary>Sends a request and returns its reply; throws <see cref="SmpException"/> for an error reply.</summary>
    public async Task<SmpReply> RequestAsync(int op, int group, int id, Action<CborWriter> body, CancellationToken cancel = default)
    {
        var payload = Encode(body);
        var delay = Timeout;
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = await SendOnceAsync(op, group, id, payload, cancel);
                return ParseReply(await request.Reply.WaitAsync(delay, cancel), group);
            }
            catch (TimeoutException) when (attempt < Attempts)
            {
                waited += delay;
                delay += delay; // back off
            }
            catch (TimeoutException)
            {
                waited += delay;
                throw new SmpTimeoutException($"no answer from {_link.Name} after {Attempts} {(Attempts == 1 ? "try" : "tries")} in {waited.TotalSeconds:0.#} s (is the device running and in reach?); --timeout and --tries wait longer");
            }
            catch (SmpLinkLostException) when (attempt < Attempts)
            {
                // The connection dropped with this request in flight: the link reconnects when it is sent again.
            }
        }
    }

    /// <summary>
    /// Sends a request whose answer may take the device a while (it finishes a check first): sent again
    /// every <see cref="Timeout"/> without an answer, the first answer to any copy taken, for up to
    /// <paramref name="within"/> (then <see cref="SmpTimeoutException"/>). Only for requests that may be
    /// repeated (reads). Throws <see cref="SmpException"/> for an error reply.
    /// </summary>
    public async Task<SmpReply> RequestPatientlyAsync(int op, int group, int id, Action<CborWriter> body, TimeSpan within, CancellationToken cancel = default)
    {
        var payload = Encode(body);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = new List<SmpPendingRequest>();
        try
        {
            while (true)
            {
                try
                {
                    sent.Add(await SendOnceAsync(op, group, id, payload, cancel));
                }
                catch (SmpLinkLostException)
                {
                    // Dropped while writing: sent again below, over a new connection.
                }

                var left = within - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new SmpTimeoutException($"no answer from {_link.Name} in {within.TotalSeconds:0.#} s (is the device running and in reach?)");
                }

                var delay = Task.Delay(Timeout < left ? Timeout : left, cancel);
                var first = await Task.WhenAny(sent.Select(s => (Task)s.Reply).Where(r => !r.IsFaulted).Append(delay));
                cancel.ThrowIfCancellationRequested();
                if (first is Task<byte[]> { IsCompletedSuccessfully: true } reply)
                {
                    return ParseReply(reply.Result, group);
                }
            }
        }
        finally
        {
            foreach (var request in sent)
            {
                request.Dispose();
            }
        }
    }

    /// <summary>
    /// Sends a request once, with a new sequence number, and returns at once: its <see cref="SmpPendingRequest.Reply"/>
    /// completes with the reply frame whenever it comes (no timeout, no retry: the caller decides), or fails
    /// with <see cref="SmpLinkLostException"/> when the connection drops. Dispose it to stop waiting.
    /// </summary>
    public async Task<SmpPendingRequest> SendOnceAsync(int op, int group, int id, byte[] payload, CancellationToken cancel = default)
    {
        var sequence = Interlocked.Increment(ref _sequence) & 0xFF;
        var waiter = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[sequence] = waiter;
        var request = new SmpPendingRequest(sequence, waiter.Task, () => _waiting.TryRemove(new KeyValuePair<int, TaskCompletionSource<byte[]>>(sequence, waiter)));
        try
        {
            var frame = Frame(op, group, id, sequence, payload);
            Trace?.Invoke(new SmpTraceFrame(true, frame));
            await _link.SendAsync(frame, cancel);
            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    /// <summary>Decodes a reply frame of <paramref name="group"/>; throws <see cref="SmpException"/> for an error reply.</summary>
    public static SmpReply ParseReply(byte[] frame, int group) => Check(Decode(frame), group);

    public void Dispose()
    {
        _link.Received -= OnReceived;
        _link.Dropped -= OnDropped;
        _link.Dispose();
    }

    private static byte[] Encode(Action<CborWriter> body)
    {
        var writer = new CborWriter();
        body(writer);
        return writer.Encode();
    }

    internal static byte[] Frame(int op, int group, int id, int sequence, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)(op | (Version2 << 3));
        frame[2] = (byte)(payload.Length >> 8);
        frame[3] = (byte)payload.Length;
        frame[4] = (byte)(group >> 8);
        frame[5] = (byte)group;
        frame[6] = (byte)sequence;
        frame[7] = (byte)id;
        payload.CopyTo(frame, 8);
        return frame;
    }

    private void OnReceived(byte[] message)
    {
        Trace?.Invoke(new SmpTraceFrame(false, message));
        if (message.Length >= 8 && _waiting.TryGetValue(message[6], out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }

    private void OnDropped()
    {
        foreach (var waiter in _waiting.Values)
        {
            waiter.TrySetException(new SmpLinkLostException($"the connection to {_link.Name} dropped"));
        }
    }

    private static SmpReply Decode(byte[] datagram)
    {
        var length = (datagram[2] << 8) | datagram[3];
        if (datagram.Length < 8 + length)
        {
            throw new SmpException(9, "truncated reply");
        }

        return new SmpReply(SmpReply.ParseMap(datagram.AsMemory(8, length)));
    }

    private static SmpReply Check(SmpReply reply, int group)
    {
        var rc = reply.Long("rc");
        if (rc is > 0)
        {
            throw new SmpException((int)rc.Value, reply.Text("rsn"), group);
        }

        if (reply.Body.TryGetValue("err", out var err) && err is Dictionary<string, object?> e && e.TryGetValue("rc", out var groupRc) && groupRc is long g && g != 0)
        {
            throw new SmpException((int)g, reply.Text("rsn"), e.TryGetValue("group", out var gr) && gr is long grl ? (int)grl : group);
        }

        return reply;
    }

    internal static object? ReadValue(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                var map = new Dictionary<string, object?>();
                reader.ReadStartMap();
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    var key = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : ReadValue(reader)?.ToString() ?? string.Empty;
                    map[key] = ReadValue(reader);
                }

                reader.ReadEndMap();
                return map;
            case CborReaderState.StartArray:
                var list = new List<object?>();
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    list.Add(ReadValue(reader));
                }

                reader.ReadEndArray();
                return list;
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return reader.ReadInt64();
            case CborReaderState.TextString:
                return reader.ReadTextString();
            case CborReaderState.ByteString:
                return reader.ReadByteString();
            case CborReaderState.Boolean:
                return reader.ReadBoolean();
            default:
                reader.SkipValue();
                return null;
        }
    }
}

/// <summary>A request sent once (<see cref="SmpClient.SendOnceAsync"/>): its sequence number and its reply frame to come.</summary>
public sealed class SmpPendingRequest(int sequence, Task<byte[]> reply, Action forget) : IDisposable
{
    /// <summary>The SMP sequence number it was sent with.</summary>
    public int Sequence { get; } = sequence;

    /// <summary>The whole reply frame, when it comes; fails with <see cref="SmpLinkLostException"/> when the connection drops.</summary>
    public Task<byte[]> Reply { get; } = reply;

    /// <summary>Stops waiting for the reply (a late one is then ignored).</summary>
    public void Dispose() => forget();
}
