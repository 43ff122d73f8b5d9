using System.Globalization;

namespace FotaDevice.Host.Images;

/// <summary>Security counters as people read them.</summary>
public static class Counters
{
    /// <summary>
    /// "3", or for a counter that <c>--security-counter auto</c> made from a version,
    /// "16908288 (auto for 1.2.0)".
    /// </summary>
    public static string Describe(uint counter)
    {
        var text = counter.ToString(CultureInfo.InvariantCulture);
        if (counter < 0x0100_0000)
        {
            return text;
        }

        var major = counter >> 24;
        var minor = (counter >> 16) & 0xFF;
        var revision = counter & 0xFFFF;
        return $"{text} (auto for {major}.{minor}.{revision})";
    }
}
