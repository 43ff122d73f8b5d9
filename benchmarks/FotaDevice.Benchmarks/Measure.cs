using System.Diagnostics;

namespace FotaDevice.Benchmarks;

/// <summary>One measured figure: median time per operation and bytes allocated per operation.</summary>
public sealed record Figure(string Name, double MedianMicroseconds, double AllocatedBytesPerOp, long Operations);

/// <summary>
/// A small, honest timing harness: warm up, then several timed rounds of many operations,
/// report the median round. Allocation is read from the runtime's per-thread counter.
/// </summary>
public static class Measure
{
    public static Figure Run(string name, Action op, int opsPerRound, int rounds = 7)
    {
        for (var i = 0; i < Math.Max(1, opsPerRound / 4); i++)
        {
            op(); // warm-up: JIT tiers, caches
        }

        var times = new double[rounds];
        long allocated = 0;
        for (var r = 0; r < rounds; r++)
        {
            // Timestamps, not a Stopwatch object: the harness itself must allocate nothing.
            var before = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < opsPerRound; i++)
            {
                op();
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            times[r] = elapsed.TotalMicroseconds / opsPerRound;
        }

        Array.Sort(times);
        return new Figure(name, times[rounds / 2], (double)allocated / (opsPerRound * (long)rounds), opsPerRound * (long)rounds);
    }
}
