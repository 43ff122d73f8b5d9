namespace FotaDevice.Host.Ble;

/// <summary>BLE could not do what was asked (no adapter, no such device, pairing failed...), with what to do about it.</summary>
/// <param name="message">What went wrong and what to do.</param>
/// <param name="inner">The D-Bus error behind it, if any.</param>
/// <param name="transient">True when trying again may work (the device was out of reach for a moment).</param>
public sealed class BleException(string message, Exception? inner = null, bool transient = false) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
