namespace FotaDevice.Platform
{
    /// <summary>The managed heap as the platform reports it (on the ESP32 about 50 KB without PSRAM).</summary>
    public interface IHeap
    {
        /// <summary>Free bytes now, after a collection where the platform can run one.</summary>
        long FreeBytes { get; }
    }
}
