using FotaDevice.Platform;

namespace FotaDevice.Tests.Fakes;

/// <summary>The two boot-record copies in memory; a write can be torn by a <see cref="PowerCutPlan"/>.</summary>
public sealed class MemoryRecordStore : IRecordStore
{
    private readonly byte[]?[] _copies = new byte[2][];
    private readonly PowerCutPlan _power;

    public MemoryRecordStore(PowerCutPlan? power = null) => _power = power ?? new PowerCutPlan();

    public int Writes { get; private set; }

    /// <summary>Called before each write (a test may throw from it: a failed flash write).</summary>
    public Action? BeforeWrite { get; set; }

    public byte[]? this[int copy]
    {
        get => _copies[copy];
        set => _copies[copy] = value;
    }

    public int Read(int copy, byte[] buffer, int offset, int count)
    {
        var data = _copies[copy];
        if (data == null)
        {
            return 0;
        }

        var n = Math.Min(count, data.Length);
        Array.Copy(data, 0, buffer, offset, n);
        return n;
    }

    public void Write(int copy, byte[] data, int offset, int count)
    {
        BeforeWrite?.Invoke();
        var landed = _power.Begin(count);
        Writes++;
        if (landed >= 0)
        {
            // A torn replace: the old content is gone, only a prefix of the new one made it.
            _copies[copy] = data.AsSpan(offset, landed).ToArray();
            _power.Cut();
        }

        _copies[copy] = data.AsSpan(offset, count).ToArray();
    }
}
