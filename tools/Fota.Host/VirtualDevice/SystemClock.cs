using System.Diagnostics;
using FotaDevice.Platform;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>Milliseconds since this start of the virtual device (a restart starts a new clock).</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public long UptimeMilliseconds => _since.ElapsedMilliseconds;
}
