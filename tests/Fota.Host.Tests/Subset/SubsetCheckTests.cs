using System.Diagnostics;
using Xunit;

namespace FotaDevice.Host.Tests.Subset;

/// <summary>
/// The host build must refuse device code that nanoFramework v1 cannot run. The fixture
/// assembly tests/SubsetViolations breaks each rule once; the checker must report each.
/// </summary>
public class SubsetCheckTests
{
    private static readonly Lazy<(int Exit, string Output)> FixtureRun = new(() => RunChecker(Path.Combine(AppContext.BaseDirectory, "SubsetViolations.dll")));

    [Theory]
    [InlineData("NF002", "System.Collections.Generic.List`1<System.Int32>", "SubsetViolations.UsesGenericList.Count")]
    [InlineData("NF003", "System.Linq.Enumerable", "SubsetViolations.UsesLinq.Sum")]
    [InlineData("NF002", "System.Threading.Tasks.Task`1<System.Int32>", "SubsetViolations.UsesAsync.Later")]
    [InlineData("NF002", "System.Nullable`1<System.Int32>", "SubsetViolations.UsesNullable.Maybe")]
    [InlineData("NF004", "stackalloc", "SubsetViolations.UsesStackalloc.Small")]
    [InlineData("NF005", "pointer", "SubsetViolations.UsesPointers.Read")]
    [InlineData("NF002", "System.IEquatable`1<SubsetViolations.UsesRecord>", "SubsetViolations.UsesRecord")]
    [InlineData("NF001", "SubsetViolations.DeclaresGeneric`1", "SubsetViolations.DeclaresGeneric`1")]
    [InlineData("NF003", "System.Buffer", "SubsetViolations.UsesBlockCopy.Copy")]
    [InlineData("NF002", "System.ValueTuple`2<System.Int32,System.Int32>", "SubsetViolations.UsesTuple.Pair")]
    [InlineData("NF002", "System.Threading.Interlocked::CompareExchange", "SubsetViolations.UsesGenericInterlocked.Swap")]
    [InlineData("NF007", "shr of a value from an unsigned load or widening", "SubsetViolations.ShiftsUnsignedWidening.HighWord")]
    [InlineData("NF007", "div of a value from an unsigned load or widening", "SubsetViolations.DividesReinterpretedUint.Half")]
    [InlineData("NF007", "returned as signed", "SubsetViolations.ReturnsUnsignedAsSigned.Widen")]
    public void EachViolationIsReportedWithWhereItIs(string code, string subject, string where)
    {
        var (exit, output) = FixtureRun.Value;
        Assert.Equal(1, exit);
        var lines = output.Split('\n').Where(l => l.Contains("error " + code + ":", StringComparison.Ordinal) && l.Contains(subject, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 0, $"no {code} for {subject} in:\n{output}");
        Assert.Contains(lines, l => l.Contains(where, StringComparison.Ordinal));
    }

    [Fact]
    public void TheCleanClassOfTheFixtureIsNotReported()
    {
        var (_, output) = FixtureRun.Value;
        Assert.DoesNotContain("SubsetViolations.Clean", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SubsetViolations.SignedArithmeticDoneRight", output, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Collections.ArrayList", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirmwareItselfIsWithinTheSubset()
    {
        var (exit, output) = RunChecker(Path.Combine(AppContext.BaseDirectory, "FotaDevice.Firmware.dll"));
        Assert.True(exit == 0, output);
        Assert.Contains("within the nanoFramework v1 subset", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingAssemblyIsAUsageError()
    {
        var (exit, output) = RunChecker(Path.Combine(AppContext.BaseDirectory, "no-such.dll"));
        Assert.Equal(2, exit);
        Assert.Contains("file not found", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) RunChecker(string assembly)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "NanoSubsetCheck.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        start.ArgumentList.Add(assembly);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
