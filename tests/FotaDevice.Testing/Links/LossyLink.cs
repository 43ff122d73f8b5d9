using System.Diagnostics;
using System.Threading.Channels;

using FotaDevice.Host.Smp;

namespace FotaDevice.Testing.Links;

/// <summary>How a <see cref="LossyLink"/> spoils the link it wraps.</summary>
public sealed record LossyLinkOptions
{
    /// <summary>The seed of the losses: the same seed drops the same requests and replies (by their order in each direction).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The chance that a request is lost (0..1).</summary>
    public double RequestLoss { get; init; }

    /// <summary>The chance that a reply is lost (0..1).</summary>
    public double ReplyLoss { get; init; }

    /// <summary>The round trip the link adds: half on the way out, half on the way back.</summary>
    public TimeSpan RoundTrip { get; init; }

    /// <summary>The link's capacity in each direction, bytes per second (0: none); a message waits for the ones before it.</summary>
    public double BytesPerSecond { get; init; }

    /// <summary>The write size to report instead of the inner link's (to model BLE writes over UDP), or null.</summary>
    public int? WriteSize { get; init; }

    /// <summary>Drops every request this says true for, besides the random losses (scripted tests).</summary>
    public Func<byte[], bool>? DropRequest { get; init; }

    /// <summary>Drops every reply this says true for, besides the random losses.</summary>
    public Func<byte[], bool>? DropReply { get; init; }
}

/// <summary>
/// A link that loses, delays and throttles what another <see cref="ISmpLink"/> carries, for tests and
/// benchmarks: each request and each reply is dropped with its probability (seeded, so the same run
/// drops the same messages), delayed by half the round trip each way, and queued behind the messages
/// before it at <see cref="LossyLinkOptions.BytesPerSecond"/>. Messages keep their order.
/// </summary>
public sealed class LossyLink : ISmpLink
{
    private readonly ISmpLink _inner;
    private readonly LossyLinkOptions _options;
    private readonly Random _requestLoss;
    private readonly Random _replyLoss;
    private readonly DelayLine _out;
    private readonly DelayLine _back;
    private readonly HashSet<int> _unanswered = [];
    private readonly object _sync = new();

    public LossyLink(ISmpLink inner, LossyLinkOptions options)
    {
        _inner = inner;
        _options = options;
        _requestLoss = new Random(options.Seed);
        _replyLoss = new Random(unchecked(options.Seed * 31 + 7));
        var oneWay = options.RoundTrip / 2;
        _out = new DelayLine(oneWay, options.BytesPerSecond, frame => _inner.SendAsync(frame, CancellationToken.None));
        _back = new DelayLine(oneWay, options.BytesPerSecond, frame =>
        {
            lock (_sync)
            {
                _unanswered.Remove(frame[6]);
            }

            Received?.Invoke(frame);
            return Task.CompletedTask;
        });
        _inner.Received += OnReceived;
        _inner.Dropped += OnDropped;
    }

    public string Name => _inner.Name;

    public TimeSpan ReplyTimeout => _inner.ReplyTimeout;

    public int WriteSize => _options.WriteSize ?? _inner.WriteSize;

    /// <summary>Requests sent through the link (lost ones included).</summary>
    public int Requests { get; private set; }

    /// <summary>Requests lost.</summary>
    public int LostRequests { get; private set; }

    /// <summary>Replies lost.</summary>
    public int LostReplies { get; private set; }

    /// <summary>
    /// The most requests sent and not yet answered at any send: what the client keeps in flight
    /// (exact while nothing is lost; a lost message is never answered).
    /// </summary>
    public int MostUnanswered { get; private set; }

    /// <summary>Every request frame sent, in order (lost ones included).</summary>
    public List<byte[]> Sent { get; } = [];

    public event Action<byte[]>? Received;

    public event Action? Dropped;

    public Task SendAsync(byte[] frame, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_sync)
        {
            Requests++;
            Sent.Add(frame);
            _unanswered.Add(frame[6]);
            MostUnanswered = Math.Max(MostUnanswered, _unanswered.Count);
            if (Lose(_requestLoss, _options.RequestLoss) | (_options.DropRequest?.Invoke(frame) ?? false))
            {
                LostRequests++;
                return Task.CompletedTask;
            }
        }

        _out.Add(frame);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _inner.Received -= OnReceived;
        _inner.Dropped -= OnDropped;
        _out.Dispose();
        _back.Dispose();
        _inner.Dispose();
    }

    private static bool Lose(Random random, double chance) => random.NextDouble() < chance; // drawn for every message, so the pattern follows the order alone

    private void OnReceived(byte[] frame)
    {
        lock (_sync)
        {
            if (Lose(_replyLoss, _options.ReplyLoss) | (_options.DropReply?.Invoke(frame) ?? false))
            {
                LostReplies++;
                return;
            }
        }

        _back.Add(frame);
    }

    private void OnDropped() => Dropped?.Invoke();

    /// <summary>One direction: each message is due after the ones before it have passed at the rate, plus the delay.</summary>
    private sealed class DelayLine : IDisposable
    {
        private readonly TimeSpan _delay;
        private readonly double _bytesPerSecond;
        private readonly Func<byte[], Task> _deliver;
        private readonly Channel<(TimeSpan Due, byte[] Frame)> _queue = Channel.CreateUnbounded<(TimeSpan, byte[])>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _pump;
        private TimeSpan _free;

        public DelayLine(TimeSpan delay, double bytesPerSecond, Func<byte[], Task> deliver)
        {
            _delay = delay;
            _bytesPerSecond = bytesPerSecond;
            _deliver = deliver;
            _pump = Task.Run(PumpAsync);
        }

        public void Add(byte[] frame)
        {
            TimeSpan due;
            lock (_queue)
            {
                var start = _clock.Elapsed > _free ? _clock.Elapsed : _free;
                _free = start + (_bytesPerSecond > 0 ? TimeSpan.FromSeconds(frame.Length / _bytesPerSecond) : TimeSpan.Zero);
                due = _free + _delay;
            }

            _queue.Writer.TryWrite((due, frame));
        }

        public void Dispose()
        {
            _queue.Writer.TryComplete();
            _stop.Cancel();
            try
            {
                _pump.Wait(TimeSpan.FromSeconds(1));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var (due, frame) in _queue.Reader.ReadAllAsync(_stop.Token))
                {
                    var wait = due - _clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stop.Token);
                    }

                    try
                    {
                        await _deliver(frame);
                    }
                    catch (SmpTimeoutException)
                    {
                        // The inner link could not send it: as lost as a dropped message.
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
