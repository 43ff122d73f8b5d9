namespace FotaDevice.Platform
{
    /// <summary>Milliseconds since this start of the device (Environment.TickCount64 on the ESP32).</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since start; never decreases.</summary>
        long UptimeMilliseconds { get; }
    }
}
