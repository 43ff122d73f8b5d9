using System;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>
    /// The ESP32's hardware random number generator. nanoFramework's <see cref="Random"/> is native: on
    /// ESP32 targets (nf-interpreter targets/ESP32/_nanoCLR/targetRandom.cpp) every call reads
    /// <c>esp_random()</c> and the seed is ignored, so no software generator is involved. ESP-IDF
    /// documents <c>esp_random()</c> as a true random source while the radio is on, which it is
    /// whenever a challenge can be asked for (over BLE). Elsewhere (the POSIX nanoCLR) nanoFramework's
    /// Random is the C library's <c>rand()</c>: this adapter is for the ESP32 only.
    /// </summary>
    public sealed class HardwareRandom : IRandomSource
    {
        private readonly Random _random = new Random();
        private readonly byte[] _scratch = new byte[32];

        /// <inheritdoc/>
        public void Fill(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                int n = count < _scratch.Length ? count : _scratch.Length;
                _random.NextBytes(_scratch);
                Array.Copy(_scratch, 0, buffer, offset, n);
                offset += n;
                count -= n;
            }
        }
    }
}
