namespace FotaDevice.Tests.Fakes;

/// <summary>Thrown by fake storage when the simulated power goes off; everything in RAM is lost.</summary>
public sealed class PowerCutException : Exception
{
    public PowerCutException(int operation)
        : base($"power cut at storage operation {operation}")
    {
        Operation = operation;
    }

    public int Operation { get; }
}

/// <summary>
/// Counts storage operations (erase, append, record write) across all fake storage of one device
/// and cuts the power at a chosen one: that operation is torn (a random prefix of it lands) and
/// <see cref="PowerCutException"/> is thrown. Later operations fail too until <see cref="Restore"/>.
/// </summary>
public sealed class PowerCutPlan
{
    private readonly Random _random;

    public PowerCutPlan(int seed = 1) => _random = new Random(seed);

    /// <summary>Operations seen so far.</summary>
    public int Operations { get; private set; }

    /// <summary>The operation (1-based) at which to cut, or 0 for never.</summary>
    public int CutAt { get; set; }

    /// <summary>True once the power is off.</summary>
    public bool IsOff { get; private set; }

    /// <summary>Power back on; counting starts again from zero.</summary>
    public void Restore()
    {
        IsOff = false;
        Operations = 0;
        CutAt = 0;
    }

    /// <summary>
    /// Called before an operation of <paramref name="size"/> bytes. Returns -1 to do it whole, or the
    /// number of bytes that land before the power goes (the caller applies them, then calls <see cref="Cut"/>).
    /// </summary>
    public int Begin(int size)
    {
        if (IsOff)
        {
            throw new PowerCutException(Operations);
        }

        Operations++;
        if (CutAt != Operations)
        {
            return -1;
        }

        IsOff = true;
        return size == 0 ? 0 : _random.Next(0, size);
    }

    public void Cut() => throw new PowerCutException(Operations);
}
