namespace FotaDevice.Platform.Ble
{
    /// <summary>Sends one notification of the SMP characteristic (on the ESP32: <c>GattLocalCharacteristic.NotifyValue</c>).</summary>
    public interface IGattNotifier
    {
        /// <summary>
        /// Notifies <paramref name="count"/> bytes (never more than the MTU − 3 the link was told).
        /// False when the stack is out of buffers or the client did not take it: the link retries.
        /// </summary>
        bool Notify(byte[] data, int offset, int count);
    }
}
