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
        return CampaignSuite.Run(output, options, DefaultCount, "powercut",
            count => $"Power cuts at every storage operation of a whole update cycle (real FileSlot/FileRecordStore over a fault-injecting\nfile system, real verifier, real signed images): {count:N0} cut points",
            id =>
            {
                var point = CutPoint.Parse(id);
                output.WriteLine($"operation {point.Operation} of {campaign.Operations}, phase {campaign.PhaseOf[Math.Min(point.Operation, campaign.Operations)]}");
                return campaign.Check(point, new CampaignReport());
            },
            (count, seed) => campaign.Run(campaign.Points(count, seed)),
            result => Print(output, campaign, result));
    }

    private static void Print(TextWriter output, PowerCutCampaign campaign, CampaignReport result)
    {
        output.WriteLine($"  storage operations per cycle:  {campaign.Operations} ({string.Join(", ", campaign.PhaseOf.Skip(1).GroupBy(p => p).Select(g => $"{g.Key} {g.Count()}"))})");
        output.WriteLine($"  cycles run:                    {result["cut points"] + 1:N0} (one uncut, to count the operations)");
        output.WriteLine($"  cut points:                    {result["cut points"]:N0}, {result.Elapsed.TotalMilliseconds / Math.Max(1, result["cut points"]):F2} ms each");
        output.WriteLine($"  by tear:                       {result.Line("tear: ")}");
        output.WriteLine($"  by follow-up:                  {result.Line("follow-up: ")}");
        output.WriteLine($"  by phase cut:                  {result.Line("phase: ")}");
        output.WriteLine($"  second cuts:                   {result.Line("second cuts ")}");
        output.WriteLine($"  record rot:                    {result.Line("record rot: ")}");
        output.WriteLine($"  interrupted uploads sent again: {result.Line("interrupted uploads sent again: ")}");
        output.WriteLine("  failures count devices that could not start a verified image, counters set back, confirmed images reverted,");
        output.WriteLine("  seals over other content, interrupted uploads that could not be completed, devices no longer updatable");
    }
}
