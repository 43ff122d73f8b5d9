using System.Diagnostics;

namespace FotaDevice.Host.Smp;

/// <summary>How <c>SmpDevice.UploadAsync</c> runs.</summary>
public sealed record UploadOptions
{
    /// <summary>
    /// Requests in flight at most; null: the device's <c>buf_count</c> − 1 (as mcumgr-android keeps),
    /// so one of the device's buffers is always free. A larger value is lowered to that; 1 is stop-and-wait.
    /// </summary>
    public int? Window { get; init; }

    /// <summary>The lowest retransmission timeout, however short the measured round trip.</summary>
    public TimeSpan MinTimeout { get; init; } = RoundTripTimer.DefaultMin;

    /// <summary>
    /// Once every byte has been sent, how long a silent device is waited for before the upload fails (at least
    /// as long as <see cref="SmpClient.Attempts"/> tries would wait). The device checks the whole image after its
    /// last reply and answers nothing meanwhile (seconds on an ESP32), so a chunk resent then, after a late or lost
    /// reply, is answered only after that check.
    /// </summary>
    public TimeSpan CheckPatience { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// One upload's requests in flight, with its own retransmission control instead of
/// <see cref="SmpClient.RequestAsync"/>'s per-request retries. The device answers each chunk with the
/// next offset it expects ("off", cumulative), discards a chunk that is not at that offset (answering
/// with its offset) and answers a duplicate with its next offset; it handles requests in order. So:
/// <list type="bullet">
/// <item>a reply frees its request and every one sent before it (the device has handled them);</item>
/// <item>a lost reply costs nothing when a later reply's "off" covers its chunk;</item>
/// <item>a reply whose "off" is short of its chunk's end says the device lacks what starts there (a lost
/// request, and the later chunks it discarded): sending goes on from that offset at once; the replies to
/// the requests sent before that decision only free their buffers;</item>
/// <item>no reply within the RTO (<see cref="RoundTripTimer"/>): the RTO doubles, the requests in flight are
/// written off and one request goes from the device's last offset, the next ones only after its reply;</item>
/// <item>a dropped connection: the same, after the link connects again;</item>
/// <item>no progress for as long as <see cref="SmpClient.Attempts"/> tries of another request would wait
/// (2 + 4 + 8 s by default): the upload fails; once every byte was sent, only after
/// <see cref="UploadOptions.CheckPatience"/> (the device may be checking the image).</item>
/// </list>
/// Round trips are measured only on requests sent once (Karn's rule).
/// </summary>
internal sealed class UploadPipeline
{
    private readonly SmpClient _client;
    private readonly byte[] _image;
    private readonly byte[] _sha;
    private readonly int _requestSize;
    private readonly int _window;
    private readonly RoundTripTimer _timer;
    private readonly TimeSpan _giveUpAfter;
    private readonly TimeSpan _giveUpAfterAllSent;
    private readonly IProgress<UploadProgress>? _progress;
    private readonly CancellationToken _cancel;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<InFlight> _flight = []; // in the order sent
    private long _acked = -1; // the device's next offset; -1 before its first reply
    private long _next;
    private long _sentEnd;
    private int _epoch;
    private bool _recovering;
    private TimeSpan _progressAt;
    private long _startedAt;
    private bool? _match;
    private int _requests;
    private int _resent;
    private int _timeouts;

    public UploadPipeline(SmpClient client, byte[] image, byte[] sha, int requestSize, int window, UploadOptions options, IProgress<UploadProgress>? progress, CancellationToken cancel)
    {
        _client = client;
        _image = image;
        _sha = sha;
        _requestSize = requestSize;
        _window = window;
        var max = client.Timeout;
        var backOffs = Math.Max(0, client.Attempts - 1);
        _timer = new RoundTripTimer(options.MinTimeout < max ? options.MinTimeout : max, max, max * (1 << Math.Min(backOffs, 16)));
        _giveUpAfter = max * ((1 << Math.Min(client.Attempts, 16)) - 1);
        _giveUpAfterAllSent = options.CheckPatience > _giveUpAfter ? options.CheckPatience : _giveUpAfter;
        _progress = progress;
        _cancel = cancel;
    }

    public async Task<UploadResult> RunAsync()
    {
        try
        {
            while (_acked < _image.Length)
            {
                await FillAsync();
                await NextEventAsync();
            }
        }
        finally
        {
            WriteOff(_flight.Count);
        }

        Report();
        return new UploadResult(_startedAt, _match, _clock.Elapsed, _requests, _resent, _timeouts, _window, _requestSize, _timer.Smoothed, _timer.Timeout);
    }

    private async Task FillAsync()
    {
        var limit = _acked < 0 || _recovering ? 1 : _window;
        while (_flight.Count < limit && _next < _image.Length)
        {
            var offset = _next;
            var count = UploadRequests.DataFitting(_requestSize, _image, offset, _sha);
            SmpPendingRequest request;
            try
            {
                request = await _client.SendOnceAsync(2, 1, 1, UploadRequests.Encode(_image, offset, count, offset == 0 ? _sha : null), _cancel);
            }
            catch (SmpLinkLostException)
            {
                Restart("the connection dropped again and again");
                return;
            }

            var now = _clock.Elapsed;
            var resent = offset < _sentEnd;
            _flight.Add(new InFlight(offset, count, request, now, now + _timer.Timeout, resent, _epoch));
            _requests++;
            _resent += resent ? 1 : 0;
            _sentEnd = Math.Max(_sentEnd, offset + count);
            _next = offset + count;
        }
    }

    private async Task NextEventAsync()
    {
        if (_flight.Count == 0)
        {
            return; // written off after a drop: the next fill sends again
        }

        var wait = _flight.Min(f => f.Deadline) - _clock.Elapsed;
        if (wait > TimeSpan.Zero && !_flight.Any(f => f.Request.Reply.IsCompleted))
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
            var events = _flight.Select(f => (Task)f.Request.Reply).Append(Task.Delay(wait, stopDelay.Token));
            await Task.WhenAny(events);
            stopDelay.Cancel();
            _cancel.ThrowIfCancellationRequested();
        }

        var answered = false;
        int index;
        while ((index = _flight.FindIndex(f => f.Request.Reply.IsCompleted)) >= 0)
        {
            answered = true;
            var entry = _flight[index];
            WriteOff(index + 1); // it and every request sent before it are handled
            if (entry.Request.Reply.Exception?.InnerException is SmpLinkLostException)
            {
                Restart("the connection dropped again and again");
                return;
            }

            Answered(entry, SmpClient.ParseReply(await entry.Request.Reply, 1));
        }

        if (!answered && _flight.Count > 0 && _flight.Min(f => f.Deadline) <= _clock.Elapsed)
        {
            _timeouts++;
            _timer.BackOff();
            Restart($"no answer from {_client.DeviceName}");
        }
    }

    private void Answered(InFlight entry, SmpReply reply)
    {
        var off = reply.Long("off") ?? throw new SmpException(SmpException.Corrupt, "upload reply without \"off\"");
        if (off < 0 || off > _image.Length)
        {
            throw new SmpException(SmpException.Corrupt, $"the device reports offset {off} of a {_image.Length}-byte image");
        }

        var now = _clock.Elapsed;
        _match = reply.Bool("match") ?? _match;
        if (!entry.Resent)
        {
            _timer.Sample(now - entry.SentAt); // Karn: only requests sent once measure the round trip
        }

        _recovering = false;
        if (_acked < 0)
        {
            _startedAt = off > entry.Offset + entry.Count ? off : 0; // the device had more of this image: resumed
        }

        if (off > _acked)
        {
            _acked = off;
            _progressAt = now;
            Report();
        }

        if (off < entry.Offset + entry.Count && entry.Epoch == _epoch)
        {
            // The device lacks what starts at off (a request was lost; it discarded those after it): on from there.
            _epoch++;
            _next = off;
        }
        else if (off > _next)
        {
            _next = off; // the device has more than was sent this time
        }
    }

    /// <summary>After a timeout or a drop: what is in flight is written off; one request from the device's offset, the next after its reply.</summary>
    private void Restart(string why)
    {
        var silent = _clock.Elapsed - _progressAt;
        if (_sentEnd >= _image.Length && silent > _giveUpAfterAllSent)
        {
            throw new SmpCheckTimeoutException(why, silent);
        }

        if (_sentEnd < _image.Length && silent > _giveUpAfter)
        {
            throw new SmpTimeoutException($"{why} for {silent.TotalSeconds:0.#} s during the upload (the device has {Math.Max(_acked, 0)} of {_image.Length} bytes; is it running and in reach?); --timeout and --tries wait longer");
        }

        WriteOff(_flight.Count);
        _epoch++;
        _next = Math.Max(_acked, 0);
        _recovering = true;
    }

    private void WriteOff(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _flight[i].Request.Dispose();
        }

        _flight.RemoveRange(0, count);
    }

    private void Report() => _progress?.Report(new UploadProgress(Math.Max(_acked, 0), _image.Length, _startedAt, _clock.Elapsed));

    private sealed record InFlight(long Offset, int Count, SmpPendingRequest Request, TimeSpan SentAt, TimeSpan Deadline, bool Resent, int Epoch);
}
