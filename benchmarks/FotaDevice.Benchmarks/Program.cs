namespace FotaDevice.Benchmarks;

/// <summary>Runs the benchmark suites named on the command line (all when none).</summary>
public static class Program
{
    private static CampaignOptions _options = new();

    private static readonly (string Name, string What, Action<TextWriter> Run)[] Suites =
    {
        ("hash", "managed SHA-256 next to .NET's", HashBenchmarks.Run),
        ("ecdsa", "ECDSA P-256 verify next to .NET and BouncyCastle", EcdsaP256Benchmarks.Run),
        ("ed25519", "Ed25519 verify next to BouncyCastle, SHA-512 next to .NET", Ed25519Benchmarks.Run),
        ("upload", "upload goodput over a lossy loopback path (lossless vs 2 % loss) and the ESP32 over BLE (a model)", UploadBenchmarks.Run),
        ("owner", "owner code: the host's key derivation and the device's proof check", OwnerCodeBenchmarks.Run),
        ("powercut", "power cuts at every storage operation of whole update cycles (--count N cut points, --seed S, --replay ID)", o => Campaign(() => PowerCutBenchmarks.Run(o, _options))),
        ("fuzz", "the SMP fuzzer over every command, datagrams and BLE writes (--count N frames, --seed S, --replay ID)", o => Campaign(() => FuzzBenchmarks.Run(o, _options))),
    };

    /// <summary>The exit code of the reliability suites: 1 when one found a failure.</summary>
    private static int _failed;

    private static void Campaign(Func<int> run) => _failed |= run();

    public static int Main(string[] commandLine)
    {
        var list = commandLine.ToList();
        try
        {
            _options = CampaignOptions.Take(list);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var args = list.ToArray();
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine("usage: dotnet run -c Release --project benchmarks/FotaDevice.Benchmarks [-- SUITE... [--count N] [--seed S] [--replay ID]]");
            foreach (var suite in Suites)
            {
                Console.WriteLine($"  {suite.Name,-10} {suite.What}");
            }

            return 0;
        }

        var unknown = args.Where(a => Suites.All(s => s.Name != a)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine("unknown suite(s): " + string.Join(", ", unknown) + " (see --help)");
            return 2;
        }

#if DEBUG
        Console.WriteLine("warning: a Debug build; figures are only meaningful with -c Release");
#endif
        Console.WriteLine($"FotaDevice benchmarks: .NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        foreach (var suite in Suites.Where(s => args.Length == 0 || args.Contains(s.Name)))
        {
            Console.WriteLine();
            suite.Run(Console.Out);
        }

        return _failed;
    }
}
