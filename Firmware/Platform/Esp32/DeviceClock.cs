using System;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>Milliseconds since the device started (Environment.TickCount64, from nanoFramework.Runtime.Native).</summary>
    public sealed class DeviceClock : IClock
    {
        /// <inheritdoc/>
        public long UptimeMilliseconds
        {
            get { return Environment.TickCount64; }
        }
    }
}
