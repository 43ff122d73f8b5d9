using FotaDevice.Testing.Campaigns;
using FotaDevice.Testing.Fuzz;
using FotaDevice.Testing.Storage;
using Xunit;
using Xunit.Abstractions;

namespace FotaDevice.Tests.Reliability;

/// <summary>
/// A bounded sample of the reliability campaigns, with a fixed seed, so CI runs the same campaign
/// code the benchmarks run at full scale (docs/benchmarks.md#reliability): a few hundred power cuts
/// under the real file adapters, and 20,000 fuzzed SMP frames. Zero failures, and the sample must
/// reach every tear, follow-up, cycle phase, command, mutation and path, or it shows little.
/// </summary>
public sealed class ReliabilityCampaignTests(ITestOutputHelper output)
{
    [Fact]
    public void PowerCutsUnderTheFileAdaptersLeaveABootableUpdatableDevice()
    {
        var campaign = new PowerCutCampaign();
        var report = campaign.Run(campaign.Points(300, seed: 1));
        output.WriteLine($"{report["cut points"]} cut points of {campaign.Operations} operations: {report.Line("tear: ")}; {report.Line("follow-up: ")}; {report.Line("phase: ")}");

        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Select(f => $"{f.Id}: {f.Problem}")));
        Assert.Equal(300, report["cut points"]);
        Assert.All(Enum.GetNames<Tear>(), tear => Assert.True(report["tear: " + tear] > 0, tear));
        Assert.All(Enum.GetNames<CutFollowUp>(), followUp => Assert.True(report["follow-up: " + followUp] > 0, followUp));
        Assert.All(campaign.PhaseOf.Skip(1).Distinct(), phase => Assert.True(report["phase: " + phase] > 0, phase));
        Assert.True(report["second cuts during the recovery start"] > 0);
        Assert.True(report["interrupted uploads sent again: torn bytes caught by the hash, matched at the next attempt"] > 0, "the sample reaches a resume over a torn block");
    }

    [Fact]
    public void FuzzedFramesOnBothPathsChangeNothingAndAreAnswered()
    {
        var report = new SmpFuzzCampaign().Run(20_000, seed: 1);
        output.WriteLine($"{report["frames"]} frames: {report.Line("path: ")}; {report.Line("answers: ")}; {report.Line("mutation: ")}");

        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Select(f => $"{f.Id}: {f.Problem}")));
        Assert.Equal(20_000, report["frames"]);
        Assert.All(SmpFuzzCampaign.Commands, command => Assert.True(report["command: " + command] > 0, command));
        Assert.All(SmpFuzzCampaign.Mutations, mutation => Assert.True(report["mutation: " + mutation] > 0, mutation));
        Assert.True(report["path: BLE writes"] > 0 && report["path: datagrams"] > 0);
        Assert.True(report["devices: with an owner code"] > 0 && report["restarts the device made"] > 0);
        Assert.All(Enum.GetNames<OwnerState>(), state => Assert.True(report["owner's update: " + state] > 0, state));
    }

    [Fact]
    public void AFailureNamesACaseThatReplays()
    {
        var point = CutPoint.Parse("3:42:OldContent:SecondCut");
        Assert.Equal(new CutPoint(3, 42, Tear.OldContent, CutFollowUp.SecondCut), point);
        Assert.Equal("3:42:OldContent:SecondCut", point.Id);
        Assert.Null(new PowerCutCampaign().Check(point, new CampaignReport()));
        Assert.Contains("SEED:OPERATION:TEAR:FOLLOWUP", Assert.Throws<FormatException>(() => CutPoint.Parse("3:42:Sideways:None")).Message);

        var frame = FuzzCase.Parse("1:0:40");
        using var trace = new StringWriter();
        Assert.Null(new SmpFuzzCampaign().Replay(frame, trace));
        Assert.Contains("frame 1:0:40 ", trace.ToString()); // the replay shows each frame up to the named one
        Assert.Throws<FormatException>(() => FuzzCase.Parse("1:0:1000"));
    }
}
