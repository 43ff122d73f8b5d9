using System.Security.Cryptography;
using FotaDevice.Crypto;

namespace FotaDevice.Benchmarks;

/// <summary>Managed SHA-256 (the device's) next to .NET's, and what hashing allocates.</summary>
public static class HashBenchmarks
{
    public static void Run(TextWriter output)
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var digest = new byte[32];
        var ours = new Sha256();

        var managed = Measure.Run("FotaDevice Sha256, 1 MiB", () =>
        {
            ours.Update(data, 0, data.Length);
            ours.Final(digest, 0);
        }, opsPerRound: 8);
        var dotnet = Measure.Run(".NET SHA256, 1 MiB", () => SHA256.HashData(data, digest), opsPerRound: 64);

        // Small chunks, as an upload feeds them (BLE: ~240 bytes per write).
        var chunked = Measure.Run("FotaDevice Sha256, 1 MiB in 244-byte chunks", () =>
        {
            for (var offset = 0; offset < data.Length; offset += 244)
            {
                ours.Update(data, offset, Math.Min(244, data.Length - offset));
            }

            ours.Final(digest, 0);
        }, opsPerRound: 8);

        output.WriteLine("SHA-256 (on .NET; for the nanoFramework interpreter see docs/benchmarks.md: IL instructions per block)");
        Print(output, managed);
        Print(output, chunked);
        Print(output, dotnet);
        output.WriteLine($"  managed / .NET time ratio: {managed.MedianMicroseconds / dotnet.MedianMicroseconds:F1}x");
    }

    private static void Print(TextWriter output, Figure figure)
    {
        var mibPerSecond = 1_000_000.0 / figure.MedianMicroseconds;
        output.WriteLine($"  {figure.Name,-48} {mibPerSecond,8:F1} MiB/s   {figure.AllocatedBytesPerOp,8:F0} bytes allocated per MiB");
    }
}
