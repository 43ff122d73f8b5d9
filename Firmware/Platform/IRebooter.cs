namespace FotaDevice.Platform
{
    /// <summary>Restarts the device (Power.RebootDevice on the ESP32; a restart of the app domain on the virtual device).</summary>
    public interface IRebooter
    {
        /// <summary>Restarts now. Callers mark the restart as the device's own first.</summary>
        void Reboot();
    }
}
