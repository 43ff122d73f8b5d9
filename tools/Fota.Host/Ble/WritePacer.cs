namespace FotaDevice.Host.Ble;

/// <summary>
/// Paces writes without response so that none is lost. Such a write has no answer: a device that
/// is busy with a request keeps the writes that arrive meanwhile in a queue (a small stack holds
/// about 16; FotaDevice's ESP32 transport a whole buf_count × buf_size) and drops the rest without a word. An answer to a request says that the
/// device has taken in every write up to that request's last, and nothing about later ones: they
/// may all still wait in the queue. So while any request is unanswered, the writes of the
/// unanswered requests and of the next one must fit <see cref="DeviceQueue"/>; an idle device
/// (nothing unanswered) takes a request of any length as it comes, write by write. An answer frees
/// its request and every older one (the device answers in order); a request unanswered for
/// <see cref="Expiry"/> is written off.
/// </summary>
public sealed class WritePacer(int deviceQueue, TimeSpan expiry, Func<DateTime>? clock = null)
{
    private readonly object _sync = new();
    private readonly List<(int Sequence, int Writes, DateTime At)> _unanswered = [];
    private readonly Func<DateTime> _clock = clock ?? (() => DateTime.UtcNow);
    private TaskCompletionSource _changed = NewSignal();

    public int DeviceQueue { get; } = deviceQueue;

    public TimeSpan Expiry { get; } = expiry;

    /// <summary>True when a request of <paramref name="writes"/> writes may go now.</summary>
    public bool HasRoomFor(int writes)
    {
        lock (_sync)
        {
            var now = _clock();
            _unanswered.RemoveAll(u => now - u.At > Expiry);
            return _unanswered.Count == 0 || _unanswered.Sum(u => u.Writes) + writes <= DeviceQueue;
        }
    }

    /// <summary>Waits until a request of <paramref name="writes"/> writes may go.</summary>
    public async Task WaitForRoomAsync(int writes, CancellationToken cancel)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                changed = _changed.Task;
            }

            if (HasRoomFor(writes))
            {
                return;
            }

            await Task.WhenAny(changed, Task.Delay(50, cancel));
            cancel.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A request was written.</summary>
    public void Sent(int sequence, int writes)
    {
        lock (_sync)
        {
            _unanswered.Add((sequence, writes, _clock()));
        }
    }

    /// <summary>The answer to <paramref name="sequence"/> arrived: it and everything sent before it are done.</summary>
    public void Answered(int sequence)
    {
        lock (_sync)
        {
            var index = _unanswered.FindIndex(u => u.Sequence == sequence);
            if (index >= 0)
            {
                _unanswered.RemoveRange(0, index + 1);
                Signal();
            }
        }
    }

    /// <summary>The connection dropped: nothing is buffered on the device any more.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _unanswered.Clear();
            Signal();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }
}
