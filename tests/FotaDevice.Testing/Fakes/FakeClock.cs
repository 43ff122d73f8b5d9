namespace FotaDevice.Tests.Fakes;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock : FotaDevice.Platform.IClock
{
    public long UptimeMilliseconds { get; set; }

    public void Advance(long milliseconds) => UptimeMilliseconds += milliseconds;
}
