using nanoFramework.Runtime.Native;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>Restarts the ESP32 (Power.RebootDevice). The update engine records the restart as the device's own first.</summary>
    public sealed class DeviceRebooter : IRebooter
    {
        /// <inheritdoc/>
        public void Reboot()
        {
            Power.RebootDevice();
        }
    }
}
