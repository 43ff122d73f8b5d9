namespace FotaDevice.Platform
{
    /// <summary>
    /// Where the device says what it does, in words a user understands ("image in slot B did not
    /// confirm itself: going back to slot A"). Debug output on the ESP32, the console on the virtual device.
    /// </summary>
    public interface ILog
    {
        /// <summary>Something normal happened.</summary>
        void Info(string message);

        /// <summary>Something was refused or went wrong, and what the device did about it.</summary>
        void Warn(string message);
    }
}
