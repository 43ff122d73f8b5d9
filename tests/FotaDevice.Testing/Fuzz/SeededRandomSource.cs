using FotaDevice.Platform;

namespace FotaDevice.Testing.Fuzz;

/// <summary>The device's random source (owner-code challenges) from a seed, so a fuzz run replays exactly.</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void Fill(byte[] buffer, int offset, int count) => _random.NextBytes(buffer.AsSpan(offset, count));
}
