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
        return CampaignSuite.Run(output, options, DefaultCount, "fuzz",
            count => $"SMP fuzzer: {count:N0} structure-aware frames over every command the device serves, as datagrams and as BLE writes\n(SmpGattLink), {SmpFuzzCampaign.FramesPerBatch} frames per fresh device",
            id => campaign.Replay(FuzzCase.Parse(id), output),
            (count, seed) => campaign.Run(count, seed),
            result => Print(output, result));
    }

    private static void Print(TextWriter output, CampaignReport result)
    {
        output.WriteLine($"  frames:                        {result["frames"]:N0} ({result.Line("path: ")}), {result.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, result["frames"]):F1} µs each");
        output.WriteLine($"  devices:                       {result["batches"]:N0} ({result.Line("devices: ")}; {result.Line("owner's update: ")})");
        output.WriteLine($"  by command:                    {result.Line("command: ")}");
        output.WriteLine($"  by mutation:                   {result.Line("mutation: ")}");
        output.WriteLine($"  answers:                       {result.Line("answers: ")}; restarts the device made {result["restarts the device made"]:N0}; BLE frames left unfinished {result["BLE frames left unfinished (the client disconnects)"]:N0}; BLE writes dropped {result["BLE writes dropped (queue full)"]:N0}");
        output.WriteLine("  failures count exceptions, wrong or missing replies, EUNKNOWN, a changed running image, counter, confirmed image");
        output.WriteLine("  or trial, a pending switch");
    }
}
