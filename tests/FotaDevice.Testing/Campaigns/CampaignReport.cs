using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FotaDevice.Testing.Campaigns;

/// <summary>What a campaign found: counts by name, the failures (each with what replays it), the time taken.</summary>
public sealed class CampaignReport
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Counts by what was counted (cut points per tear, frames per command, ...).</summary>
    public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Each failure: the replay id and what was wrong.</summary>
    public List<(string Id, string Problem)> Failures { get; } = new();

    /// <summary>Time since the campaign began.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Count(string what, long by = 1) => Counts[what] = Counts.GetValueOrDefault(what) + by;

    public long this[string what] => Counts.GetValueOrDefault(what);

    public void Fail(string id, string problem) => Failures.Add((id, problem));

    /// <summary>The counts whose names start with <paramref name="prefix"/>, as "name n, name n".</summary>
    public string Line(string prefix) => string.Join(", ", Counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(c => $"{c.Key[prefix.Length..]} {c.Value:N0}"));

    /// <summary>The machine the figures were measured on.</summary>
    public static string Machine()
    {
        var cpu = "";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }

        return $".NET {Environment.Version}, {Environment.ProcessorCount} cores{(cpu.Length > 0 ? " (" + cpu + ")" : "")}, {RuntimeInformation.OSDescription}";
    }

    /// <summary>Writes the failures, each with the command that replays it, at most <paramref name="max"/>.</summary>
    public void WriteFailures(TextWriter output, string replayCommand, int max = 20)
    {
        foreach (var (id, problem) in Failures.Take(max))
        {
            output.WriteLine($"  FAILED {id}: {problem}");
            output.WriteLine($"    replay: {replayCommand} {id}");
        }

        if (Failures.Count > max)
        {
            output.WriteLine($"  ... and {Failures.Count - max} more");
        }
    }
}
