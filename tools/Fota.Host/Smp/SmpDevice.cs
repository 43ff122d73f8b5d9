using System.Diagnostics;
using System.Formats.Cbor;
using System.Security.Cryptography;

namespace FotaDevice.Host.Smp;

/// <summary>One slot as the device's image state reports it.</summary>
/// <param name="Slot">0 (A) or 1 (B).</param>
/// <param name="Version">The image version as the device reports it.</param>
/// <param name="Hash">The image hash (how SMP names an image).</param>
/// <param name="Bootable">The device's checks pass.</param>
/// <param name="Pending">A switch to it is staged for the next restart.</param>
/// <param name="Confirmed">It is the confirmed image.</param>
/// <param name="Active">It runs.</param>
/// <param name="Permanent">The staged switch is for good, not a trial.</param>
/// <param name="Reason">Why the image is not bootable, when the device says (its "reason" key).</param>
public sealed record SlotState(int Slot, string Version, byte[] Hash, bool Bootable, bool Pending, bool Confirmed, bool Active, bool Permanent, string? Reason = null);

/// <summary>How far an upload is.</summary>
/// <param name="Done">Bytes the device has.</param>
/// <param name="Total">The image's length.</param>
/// <param name="StartedAt">Bytes the device had before this upload started (a resumed upload starts past 0).</param>
/// <param name="Elapsed">Time since this upload started.</param>
public sealed record UploadProgress(long Done, long Total, long StartedAt, TimeSpan Elapsed)
{
    /// <summary>Bytes sent by this upload (not those the device had already).</summary>
    public long Sent => Done - StartedAt;

    /// <summary>This upload's rate: what it sent over the time it took (a resumed upload's earlier bytes do not count).</summary>
    public double BytesPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    /// <summary>The time left at this rate, or null before there is a rate.</summary>
    public TimeSpan? Left => BytesPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / BytesPerSecond) : null;
}

/// <summary>The end of an upload: where it started (resumed or not) and whether the device's SHA-256 matched.</summary>
public sealed record UploadResult(long StartedAt, bool? Match, TimeSpan Elapsed, int Requests);

/// <summary>The standard SMP operations (groups 0 and 1) and FotaDevice's status (group 64) on one device.</summary>
public sealed class SmpDevice(SmpClient client)
{
    public SmpClient Client { get; } = client;

    /// <summary>MCUmgr parameters: the largest request and how many may be in flight (defaults if unsupported).</summary>
    public async Task<(int BufferSize, int BufferCount)> ParametersAsync(CancellationToken cancel = default)
    {
        try
        {
            var reply = await Client.RequestAsync(0, 0, 6, EmptyMap, cancel);
            return ((int)(reply.Long("buf_size") ?? 384), (int)(reply.Long("buf_count") ?? 1));
        }
        catch (SmpException e) when (e.Rc == 8)
        {
            return (384, 1);
        }
    }

    public async Task<IReadOnlyList<SlotState>> ListAsync(CancellationToken cancel = default) =>
        Slots(await Client.RequestAsync(0, 1, 0, EmptyMap, cancel));

    /// <summary>SMP "test": run the image with this hash on trial after the next restart (needs the owner's approval).</summary>
    public async Task<IReadOnlyList<SlotState>> TestAsync(byte[] hash, CancellationToken cancel = default) =>
        Slots(await Client.RequestAsync(2, 1, 0, w => StateWrite(w, hash, false), cancel));

    /// <summary>SMP "confirm": keep the running image (hash null), or switch to the image with this hash for good.</summary>
    public async Task<IReadOnlyList<SlotState>> ConfirmAsync(byte[]? hash, CancellationToken cancel = default) =>
        Slots(await Client.RequestAsync(2, 1, 0, w => StateWrite(w, hash, true), cancel));

    public Task ResetAsync(CancellationToken cancel = default) => Client.RequestAsync(2, 0, 5, EmptyMap, cancel);

    public async Task<Dictionary<string, object?>> StatusAsync(CancellationToken cancel = default) =>
        (await Client.RequestAsync(0, 64, 0, EmptyMap, cancel)).Body;

    /// <summary>
    /// The device's RAM log (FotaDevice's SMP group 65): the lines after line <paramref name="after"/>
    /// that it still holds, oldest first, as many as fit one reply. <c>Last</c> is the number of the
    /// last line returned (ask again after it for more).
    /// </summary>
    public async Task<DeviceLog> LogAsync(long after, CancellationToken cancel = default)
    {
        var body = (await Client.RequestAsync(0, 65, 0, w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("after");
            w.WriteInt64(after);
            w.WriteEndMap();
        }, cancel)).Body;
        var lines = body.GetValueOrDefault("lines") is IEnumerable<object?> list ? list.Select(l => l as string ?? string.Empty).ToArray() : [];
        return new DeviceLog(body.GetValueOrDefault("first") as long? ?? after + 1, body.GetValueOrDefault("last") as long? ?? after, lines);
    }

    /// <summary>
    /// Uploads an image: the first request carries its length and SHA-256 (so the device resumes the
    /// same image where it stopped), then up to <paramref name="window"/> requests in flight, each
    /// continuing from the offset the device reported. A reply that names another offset than
    /// expected (a lost or repeated chunk) restarts the pipeline from the device's offset.
    /// </summary>
    public async Task<UploadResult> UploadAsync(byte[] image, int window, IProgress<UploadProgress>? progress, CancellationToken cancel = default)
    {
        var (bufferSize, bufferCount) = await ParametersAsync(cancel);
        window = Math.Max(1, Math.Min(window, bufferCount));
        var chunk = ChunkSize(bufferSize); // header and a worst-case map of off, len, sha, image, data heads
        if (chunk < 32)
        {
            throw new SmpException(7, $"the device takes only {bufferSize}-byte requests");
        }

        var sha = SHA256.HashData(image);
        var clock = Stopwatch.StartNew();
        var requests = 1;
        var first = await Client.RequestAsync(2, 1, 1, w => UploadChunk(w, image, 0, Math.Min(chunk - 48, image.Length), sha), cancel);
        var next = first.Long("off") ?? throw new SmpException(9, "upload reply without \"off\"");
        var startedAt = next == Math.Min(chunk - 48, image.Length) ? 0 : next;
        bool? match = first.Bool("match");
        var inFlight = new Queue<(long Offset, int Count, Task<SmpReply> Reply)>();
        var sent = next;
        while (next < image.Length)
        {
            while (inFlight.Count < window && sent < image.Length)
            {
                var offset = sent;
                var count = (int)Math.Min(chunk, image.Length - offset);
                inFlight.Enqueue((offset, count, Client.RequestAsync(2, 1, 1, w => UploadChunk(w, image, offset, count, null), cancel)));
                sent += count;
                requests++;
            }

            var head = inFlight.Dequeue();
            var reply = await head.Reply;
            var off = reply.Long("off") ?? throw new SmpException(9, "upload reply without \"off\"");
            match = reply.Bool("match") ?? match;
            if (off != head.Offset + head.Count)
            {
                // The device expects something else: let the rest land, then go on from where it says.
                while (inFlight.Count > 0)
                {
                    var late = await inFlight.Dequeue().Reply;
                    off = late.Long("off") ?? off;
                    match = late.Bool("match") ?? match;
                }

                sent = off;
            }

            next = off;

            progress?.Report(new UploadProgress(next, image.Length, startedAt, clock.Elapsed));
        }

        while (inFlight.Count > 0)
        {
            match = (await inFlight.Dequeue().Reply).Bool("match") ?? match;
        }

        progress?.Report(new UploadProgress(image.Length, image.Length, startedAt, clock.Elapsed));
        return new UploadResult(startedAt, match, clock.Elapsed, requests);
    }

    /// <summary>The body of one upload request, exactly as <see cref="UploadAsync"/> sends it (for link models).</summary>
    public static byte[] EncodeUploadChunk(byte[] image, long offset, int count, byte[]? sha)
    {
        var writer = new CborWriter();
        UploadChunk(writer, image, offset, count, sha);
        return writer.Encode();
    }

    /// <summary>The data bytes one upload request carries for a device taking <paramref name="bufferSize"/>-byte requests.</summary>
    public static int ChunkSize(int bufferSize) => bufferSize - 8 - 80;

    private static void UploadChunk(CborWriter w, byte[] image, long offset, int count, byte[]? sha)
    {
        w.WriteStartMap(sha != null ? 5 : 2);
        if (sha != null)
        {
            w.WriteTextString("image");
            w.WriteInt32(0);
            w.WriteTextString("len");
            w.WriteInt64(image.Length);
            w.WriteTextString("sha");
            w.WriteByteString(sha);
        }

        w.WriteTextString("off");
        w.WriteInt64(offset);
        w.WriteTextString("data");
        w.WriteByteString(image.AsSpan((int)offset, count));
        w.WriteEndMap();
    }

    private static void StateWrite(CborWriter w, byte[]? hash, bool confirm)
    {
        w.WriteStartMap(hash != null ? 2 : 1);
        if (hash != null)
        {
            w.WriteTextString("hash");
            w.WriteByteString(hash);
        }

        w.WriteTextString("confirm");
        w.WriteBoolean(confirm);
        w.WriteEndMap();
    }

    private static void EmptyMap(CborWriter w)
    {
        w.WriteStartMap(0);
        w.WriteEndMap();
    }

    private static IReadOnlyList<SlotState> Slots(SmpReply reply) =>
        (reply.Body.TryGetValue("images", out var images) && images is List<object?> list ? list : [])
        .OfType<Dictionary<string, object?>>()
        .Select(i => new SlotState(
            (int)(i.GetValueOrDefault("slot") as long? ?? 0),
            i.GetValueOrDefault("version") as string ?? "?",
            i.GetValueOrDefault("hash") as byte[] ?? [],
            i.GetValueOrDefault("bootable") as bool? ?? false,
            i.GetValueOrDefault("pending") as bool? ?? false,
            i.GetValueOrDefault("confirmed") as bool? ?? false,
            i.GetValueOrDefault("active") as bool? ?? false,
            i.GetValueOrDefault("permanent") as bool? ?? false,
            i.GetValueOrDefault("reason") as string))
        .ToList();
}
