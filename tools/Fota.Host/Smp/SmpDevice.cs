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

/// <summary>The end of an upload: where it started (resumed or not), whether the device's SHA-256 matched, and how it went.</summary>
/// <param name="StartedAt">Bytes the device had before (a resumed upload).</param>
/// <param name="Match">The device's "match": its SHA-256 of what it stored equals the image's (null: not said).</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Requests">Upload requests sent, resent ones included.</param>
/// <param name="Resent">Requests that carried bytes sent before (a lost request, the chunks the device discarded after it, a timeout).</param>
/// <param name="Timeouts">Times no reply came within the retransmission timeout.</param>
/// <param name="Window">Requests kept in flight.</param>
/// <param name="RequestSize">Bytes per request, header included.</param>
/// <param name="RoundTrip">The smoothed round trip (SRTT), or null if none was measured.</param>
/// <param name="RetransmitTimeout">The retransmission timeout at the end.</param>
public sealed record UploadResult(long StartedAt, bool? Match, TimeSpan Elapsed, int Requests, int Resent = 0, int Timeouts = 0, int Window = 1, int RequestSize = 0,
    TimeSpan? RoundTrip = null, TimeSpan? RetransmitTimeout = null);

/// <summary>The device's verdict on the slot uploads go to (FotaDevice's status group).</summary>
/// <param name="State"><see cref="Empty"/>, <see cref="Receiving"/>, <see cref="Bootable"/> or <see cref="Refused"/>.</param>
/// <param name="Reason">Why it is refused, when it is.</param>
public sealed record UploadVerdict(string State, string? Reason)
{
    /// <summary>The slot holds no image.</summary>
    public const string Empty = "empty";

    /// <summary>An upload writes the slot.</summary>
    public const string Receiving = "receiving";

    /// <summary>Hash, signature and the device's checks passed.</summary>
    public const string Bootable = "bootable";

    /// <summary>The image fails a check (<see cref="Reason"/> says which).</summary>
    public const string Refused = "refused";
}

/// <summary>The standard SMP operations (groups 0 and 1) and FotaDevice's status (group 64) on one device.</summary>
public sealed class SmpDevice(SmpClient client)
{
    private static readonly TimeSpan VerdictPoll = TimeSpan.FromMilliseconds(250);

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
    /// The device's verdict on the image in the slot uploads go to (FotaDevice's status, group 64:
    /// <c>upload_verdict</c>, <c>upload_reason</c>), waited for: after an upload's last reply the device
    /// checks the signature (seconds on an ESP32) before it answers the next request, so the status is
    /// asked patiently (<see cref="SmpClient.RequestPatientlyAsync"/>), and again while it says
    /// <c>receiving</c>, for up to <paramref name="within"/>. Null for a device without these fields.
    /// </summary>
    public async Task<UploadVerdict?> UploadVerdictAsync(TimeSpan within, CancellationToken cancel = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        UploadVerdict? last = null;
        while (true)
        {
            SmpReply status;
            try
            {
                var left = within - clock.Elapsed;
                status = await Client.RequestPatientlyAsync(0, 64, 0, EmptyMap, last == null ? within : left > VerdictPoll ? left : VerdictPoll, cancel);
            }
            catch (SmpException e) when (e.Rc == SmpException.NotSupported)
            {
                return null; // not a FotaDevice
            }
            catch (SmpTimeoutException) when (last != null)
            {
                return last; // it answered before: still receiving
            }

            if (status.Text("upload_verdict") is not { } verdict)
            {
                return null;
            }

            var reason = status.Text("upload_reason");
            last = new UploadVerdict(verdict, string.IsNullOrEmpty(reason) ? null : reason);
            if (verdict != UploadVerdict.Receiving || clock.Elapsed + VerdictPoll >= within)
            {
                return last;
            }

            await Task.Delay(VerdictPoll, cancel);
        }
    }

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
    /// same image where it stopped), then up to <paramref name="window"/> requests in flight (null:
    /// the device's buf_count − 1, never more), each sized to the link (<see cref="UploadRequests.RequestSize"/>),
    /// resending only what the device's offsets show missing, with a timeout from the measured round
    /// trip (<see cref="UploadPipeline"/>).
    /// </summary>
    public Task<UploadResult> UploadAsync(byte[] image, int? window, IProgress<UploadProgress>? progress, CancellationToken cancel = default) =>
        UploadAsync(image, new UploadOptions { Window = window }, progress, cancel);

    /// <summary>As the other overload, with all of <paramref name="options"/>.</summary>
    public async Task<UploadResult> UploadAsync(byte[] image, UploadOptions options, IProgress<UploadProgress>? progress, CancellationToken cancel = default)
    {
        var (bufferSize, bufferCount) = await ParametersAsync(cancel);
        var window = Window(options.Window, bufferCount);
        var requestSize = UploadRequests.RequestSize(bufferSize, Client.Link.WriteSize);
        var sha = SHA256.HashData(image);
        UploadRequests.DataFitting(requestSize, image, 0, sha); // a device whose requests hold no data says so before anything is sent
        return await new UploadPipeline(Client, image, sha, requestSize, window, options, progress, cancel).RunAsync();
    }

    /// <summary>Requests in flight for a device with <paramref name="bufferCount"/> buffers: buf_count − 1 (at least 1), or fewer when asked.</summary>
    public static int Window(int? asked, int bufferCount)
    {
        var most = Math.Max(1, bufferCount - 1);
        return asked is { } n ? Math.Clamp(n, 1, most) : most;
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
