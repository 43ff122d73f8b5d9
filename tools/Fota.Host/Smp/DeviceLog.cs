namespace FotaDevice.Host.Smp;

/// <summary>
/// Lines of a device's RAM log: numbered from 1 since the device started; <see cref="First"/> is the
/// number of the first line given (more than the one asked for when older lines were overwritten).
/// Each line starts with its level, "I " or "W ".
/// </summary>
public sealed record DeviceLog(long First, long Last, IReadOnlyList<string> Lines)
{
    /// <summary>How many lines were lost between <paramref name="after"/> and the first line given.</summary>
    public long MissedAfter(long after) => Math.Max(0, First - after - 1);
}
