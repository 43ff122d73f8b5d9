using FotaDevice.Testing.Campaigns;
using FotaDevice.Testing.Fuzz;

namespace FotaDevice.Benchmarks;

/// <summary>The SMP fuzzer (<see cref="SmpFuzzCampaign"/>) at scale: its figures, or one frame replayed.</summary>
public static class FuzzBenchmarks
{
    /// <summary>Frames when no count is given.</summary>
    public const int DefaultCount = 1_000_000;

    public static int Run(TextWriter output, CampaignOptions options)
    {
        var campaign = new SmpFuzzCampaign();
        if (options.Replay != null)
        {
            var problem = campaign.Replay(FuzzCase.Parse(options.Replay), output);
            output.WriteLine(problem ?? "every check held");
            return problem == null ? 0 : 1;
        }

        var count = options.Count ?? DefaultCount;
        output.WriteLine("machine: " + CampaignReport.Machine());
        output.WriteLine($"SMP fuzzer: {count:N0} structure-aware frames over every command the device serves, as datagrams and as BLE writes");
        output.WriteLine($"(SmpGattLink), from seed {options.Seed}, {SmpFuzzCampaign.FramesPerBatch} frames per fresh device");
        var result = campaign.Run(count, options.Seed);
        Print(output, result);
        return result.Failures.Count == 0 ? 0 : 1;
    }

    public static void Print(TextWriter output, CampaignReport result)
    {
        output.WriteLine($"  frames:                        {result["frames"]:N0} ({result.Line("path: ")})");
        output.WriteLine($"  devices:                       {result["batches"]:N0} ({result.Line("devices: ")}; {result.Line("owner's update: ")})");
        output.WriteLine($"  by command:                    {result.Line("command: ")}");
        output.WriteLine($"  by mutation:                   {result.Line("mutation: ")}");
        output.WriteLine($"  answers:                       {result.Line("answers: ")}; restarts the device made {result["restarts the device made"]:N0}; BLE frames left unfinished {result["BLE frames left unfinished (the client disconnects)"]:N0}; BLE writes dropped {result["BLE writes dropped (queue full)"]:N0}");
        output.WriteLine($"  failures:                      {result.Failures.Count:N0} (exceptions, wrong or missing replies, EUNKNOWN, a changed running image, counter or confirmed image, a pending switch)");
        output.WriteLine($"  time:                          {result.Elapsed.TotalSeconds:F1} s, {result.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, result["frames"]):F1} µs per frame, one thread");
        result.WriteFailures(output, "dotnet run -c Release --project benchmarks/FotaDevice.Benchmarks -- fuzz --replay");
    }
}
