using FotaDevice.Testing.Campaigns;

namespace FotaDevice.Benchmarks;

/// <summary>What the reliability suites share: one case replayed, or the campaign at its count with its figures, failures and exit code.</summary>
public static class CampaignSuite
{
    /// <summary>
    /// With <c>--replay</c>, runs <paramref name="replay"/> on the id (it may write what it shows);
    /// else runs <paramref name="campaign"/> (count, seed) and prints its figures. 1 when it failed, 2 for an id that is not one.
    /// </summary>
    public static int Run(TextWriter output, CampaignOptions options, int defaultCount, string suite, Func<int, string> title,
        Func<string, string?> replay, Func<int, int, CampaignReport> campaign, Action<CampaignReport> print)
    {
        if (options.Replay != null)
        {
            string? problem;
            try
            {
                problem = replay(options.Replay);
            }
            catch (FormatException e)
            {
                output.WriteLine(e.Message);
                return 2;
            }

            output.WriteLine($"{options.Replay}: {problem ?? "every check held"}");
            return problem == null ? 0 : 1;
        }

        var count = options.Count ?? defaultCount;
        output.WriteLine("machine: " + CampaignReport.Machine());
        output.WriteLine($"{title(count)}, from seed {options.Seed}");
        var result = campaign(count, options.Seed);
        print(result);
        output.WriteLine($"  failures:                      {result.Failures.Count:N0}");
        output.WriteLine($"  time:                          {result.Elapsed.TotalSeconds:F1} s, one thread");
        result.WriteFailures(output, $"dotnet run -c Release --project benchmarks/FotaDevice.Benchmarks -- {suite} --replay");
        return result.Failures.Count == 0 ? 0 : 1;
    }
}
