using FotaDevice.Platform.Logging;
using FotaDevice.Tests.Fakes;
using Xunit;

namespace FotaDevice.Tests.Platform;

/// <summary>The device's log in RAM: the last lines, bounded, numbered, passed on to the console.</summary>
public class RingLogTests
{
    [Fact]
    public void KeepsTheLastLinesInOrderAndPassesEveryLineOn()
    {
        var console = new ListLog();
        var log = new RingLog(3, console);
        for (var i = 1; i <= 5; i++)
        {
            log.Info("line " + i);
        }

        log.Warn("refused: wrong key");
        var lines = new string[10];
        var n = log.Read(0, lines, out var first);
        Assert.Equal(3, n);
        Assert.Equal(4, first); // lines 1-3 were overwritten
        Assert.Equal(new[] { "I line 4", "I line 5", "W refused: wrong key" }, lines[..3]);
        Assert.Equal(6, log.LastLineNumber);
        Assert.True(console.Has("refused: wrong key"));
    }

    [Fact]
    public void ACharacterBudgetBoundsTheRamWhateverTheLinesLength()
    {
        var log = new RingLog(48, 1000, null!);
        for (var i = 0; i < 10; i++)
        {
            log.Info(new string((char)('a' + i), 150)); // 152 characters a line with its level
        }

        var lines = new string[48];
        var n = log.Read(0, lines, out var first);
        Assert.Equal(6, n); // 6 × 152 fit 1000, 7 do not
        Assert.Equal(5, first);
        Assert.StartsWith("I jjj", lines[5]);
        Assert.True(lines[..n].Sum(l => l.Length) <= 1000);

        for (var i = 0; i < 60; i++)
        {
            log.Info("short " + i); // short lines (48 × about 10 characters): the line count is the limit again
        }

        n = log.Read(0, lines, out first);
        Assert.Equal(48, n);
        Assert.Equal("I short 59", lines[47]);
        Assert.Equal(70, log.LastLineNumber);
    }

    [Fact]
    public void AReaderGetsOnlyWhatItHasNotSeen()
    {
        var log = new RingLog(8, null!);
        log.Info("a");
        log.Info("b");
        var lines = new string[8];
        Assert.Equal(2, log.Read(0, lines, out _));
        log.Info("c");
        Assert.Equal(1, log.Read(2, lines, out var first));
        Assert.Equal(3, first);
        Assert.Equal("I c", lines[0]);
        Assert.Equal(0, log.Read(3, lines, out _));
    }

    [Fact]
    public void LongLinesAreCutAndTheRingNeverGrows()
    {
        var log = new RingLog(4, null!);
        var lines = new string[2];
        for (var i = 0; i < 1000; i++)
        {
            log.Info(new string('x', 5000));
        }

        Assert.Equal(2, log.Read(0, lines, out var first)); // at most what the reader asked for
        Assert.Equal(997, first);
        Assert.Equal(2 + RingLog.MaxLineLength, lines[0].Length);
        Assert.EndsWith("\u2026", lines[0]);
    }
}
