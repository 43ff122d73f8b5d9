using FotaDevice.Platform;

namespace FotaDevice.Tests.Fakes;

/// <summary>An application slot in memory; erase and append can be cut by a <see cref="PowerCutPlan"/>.</summary>
public sealed class MemorySlot : ISlot
{
    private readonly byte[] _data;
    private readonly PowerCutPlan _power;

    public MemorySlot(int capacity, PowerCutPlan? power = null)
    {
        _data = new byte[capacity];
        _power = power ?? new PowerCutPlan();
    }

    public int Capacity => _data.Length;

    public int Length { get; private set; }

    /// <summary>Bytes read back so far (the work a verification costs).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Erases and appends so far.</summary>
    public int Writes { get; private set; }

    /// <summary>When set, the byte stored at this offset by an append is not the one sent (faulty storage).</summary>
    public int CorruptAppendsAt { get; set; } = -1;

    /// <summary>A copy of what the slot holds.</summary>
    public byte[] Contents => _data.AsSpan(0, Length).ToArray();

    public void Erase()
    {
        var landed = _power.Begin(0);
        Writes++;
        Length = 0;
        if (landed >= 0)
        {
            _power.Cut();
        }
    }

    /// <summary>How many times <see cref="Flush"/> was called (an append here is durable at once).</summary>
    public int Flushes { get; private set; }

    public void Flush() => Flushes++;

    public void Append(int offset, byte[] data, int dataOffset, int count)
    {
        if (offset != Length)
        {
            throw new InvalidOperationException($"append at {offset}, slot length is {Length}");
        }

        if (count > Capacity - Length)
        {
            throw new InvalidOperationException("slot full");
        }

        var landed = _power.Begin(count);
        Writes++;
        var n = landed >= 0 ? landed : count;
        Array.Copy(data, dataOffset, _data, Length, n);
        if (CorruptAppendsAt >= Length && CorruptAppendsAt < Length + n)
        {
            _data[CorruptAppendsAt] ^= 0x40;
        }

        Length += n;
        if (landed >= 0)
        {
            _power.Cut();
        }
    }

    public int Read(int offset, byte[] buffer, int bufferOffset, int count)
    {
        var n = Math.Max(0, Math.Min(count, Length - offset));
        Array.Copy(_data, offset, buffer, bufferOffset, n);
        BytesRead += n;
        return n;
    }

    /// <summary>Flips one bit of the stored image (a corrupt slot).</summary>
    public void FlipBit(int offset, int bit) => _data[offset] ^= (byte)(1 << bit);

    /// <summary>Writes bytes without going through the power plan (test setup).</summary>
    public void Load(byte[] image)
    {
        Array.Copy(image, _data, image.Length);
        Length = image.Length;
    }
}
