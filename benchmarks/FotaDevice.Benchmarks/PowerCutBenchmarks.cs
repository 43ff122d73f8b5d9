using FotaDevice.Testing.Campaigns;

namespace FotaDevice.Benchmarks;

/// <summary>The power-cut campaign (<see cref="PowerCutCampaign"/>) at scale: its figures, or one cut point replayed.</summary>
public static class PowerCutBenchmarks
{
    /// <summary>Cut points when no count is given.</summary>
    public const int DefaultCount = 12_000;

    public static int Run(TextWriter output, CampaignOptions options)
    {
        var campaign = new PowerCutCampaign();
        if (options.Replay != null)
        {
            var point = CutPoint.Parse(options.Replay);
            var report = new CampaignReport();
            var problem = campaign.Check(point, report);
            output.WriteLine($"cut point {point.Id} (operation {point.Operation} of {campaign.Operations}, phase {campaign.PhaseOf[Math.Min(point.Operation, campaign.Operations)]}): {problem ?? "every property held"}");
            return problem == null ? 0 : 1;
        }

        var count = options.Count ?? DefaultCount;
        output.WriteLine("machine: " + CampaignReport.Machine());
        output.WriteLine($"Power cuts at every storage operation of a whole update cycle (real FileSlot/FileRecordStore over a fault-injecting");
        output.WriteLine($"file system, real verifier, real signed images); {count:N0} cut points from seed {options.Seed}");
        var result = campaign.Run(campaign.Points(count, options.Seed));
        Print(output, campaign, result);
        return result.Failures.Count == 0 ? 0 : 1;
    }

    public static void Print(TextWriter output, PowerCutCampaign campaign, CampaignReport result)
    {
        output.WriteLine($"  storage operations per cycle:  {campaign.Operations} ({string.Join(", ", campaign.PhaseOf.Skip(1).GroupBy(p => p).Select(g => $"{g.Key} {g.Count()}"))})");
        output.WriteLine($"  cycles run:                    {result["cut points"] + 1:N0} (one uncut, to count the operations)");
        output.WriteLine($"  cut points:                    {result["cut points"]:N0}");
        output.WriteLine($"  by tear:                       {result.Line("tear: ")}");
        output.WriteLine($"  by follow-up:                  {result.Line("follow-up: ")}");
        output.WriteLine($"  by phase cut:                  {result.Line("phase: ")}");
        output.WriteLine($"  second cuts:                   {result.Line("second cuts ")}");
        output.WriteLine($"  record rot:                    {result.Line("record rot: ")}");
        output.WriteLine($"  interrupted uploads sent again: {result.Line("interrupted uploads sent again: ")}");
        output.WriteLine($"  failures:                      {result.Failures.Count:N0} (devices that could not boot a verified image, counters set back, confirmed images reverted, seals over other content, devices no longer updatable)");
        output.WriteLine($"  time:                          {result.Elapsed.TotalSeconds:F1} s, {result.Elapsed.TotalMilliseconds / Math.Max(1, result["cut points"]):F2} ms per cut point, one thread");
        result.WriteFailures(output, "dotnet run -c Release --project benchmarks/FotaDevice.Benchmarks -- powercut --replay");
    }
}
