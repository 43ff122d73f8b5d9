namespace FotaDevice.Host.Ble;

/// <summary>
/// Puts SMP replies back together from BLE notifications: a reply (8-byte header with its body
/// length, then the body) may span several notifications, and a notification may end one reply and
/// start the next. Bytes that cannot start a reply are dropped at a connection's start.
/// </summary>
public sealed class NotificationAssembler
{
    private const int HeaderSize = 8;
    private readonly List<byte> _pending = [];

    /// <summary>Adds one notification; returns the replies it completed, in order.</summary>
    public IReadOnlyList<byte[]> Add(ReadOnlySpan<byte> notification)
    {
        foreach (var b in notification)
        {
            _pending.Add(b);
        }

        var complete = new List<byte[]>();
        while (_pending.Count >= HeaderSize)
        {
            var length = HeaderSize + ((_pending[2] << 8) | _pending[3]);
            if (_pending.Count < length)
            {
                break;
            }

            complete.Add(_pending.GetRange(0, length).ToArray());
            _pending.RemoveRange(0, length);
        }

        return complete;
    }

    /// <summary>Forgets a half-received reply (the connection dropped).</summary>
    public void Reset() => _pending.Clear();
}
