namespace FotaDevice.Platform
{
    /// <summary>
    /// Unpredictable bytes for challenges (the ESP32's hardware generator on the device, the operating
    /// system's on .NET; tests script it).
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        void Fill(byte[] buffer, int offset, int count);
    }
}
