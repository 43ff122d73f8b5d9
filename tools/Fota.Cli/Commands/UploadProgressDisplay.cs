using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Smp;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FotaDevice.Cli.Commands;

/// <summary>
/// Upload progress on standard error: a live Spectre.Console bar on a terminal, a line every 10 %
/// otherwise, nothing with --verbosity quiet. The rate is this upload's own (what it sent over the
/// time it took), so a resumed upload does not count the bytes the device already had.
/// </summary>
internal sealed class UploadProgressDisplay : IProgress<UploadProgress>, IDisposable
{
    private readonly CliContext _context;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task? _live;
    private ProgressTask? _task;
    private int _lastDecile = -1;

    public UploadProgressDisplay(CliContext context)
    {
        _context = context;
        if (context.Verbosity >= Verbosity.Normal && context.IsTerminal && context.Verbosity < Verbosity.Detailed)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _live = context.ErrorConsole.Progress()
                .AutoClear(false)
                .Columns(new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingColumn())
                .StartAsync(async progress =>
                {
                    _task = progress.AddTask("upload", maxValue: 1);
                    started.SetResult();
                    await _done.Task;
                    progress.Refresh();
                });
            started.Task.Wait();
        }
    }

    public void Report(UploadProgress value)
    {
        if (_task != null)
        {
            _task.Tag = value;
            _task.MaxValue = Math.Max(1, value.Total);
            _task.Value = value.Done;
            return;
        }

        if (_context.Verbosity < Verbosity.Normal)
        {
            return;
        }

        var decile = value.Total == 0 ? 10 : (int)(value.Done * 10 / value.Total);
        if (decile != _lastDecile)
        {
            _lastDecile = decile;
            _context.Error.WriteLine(Line(value));
        }
    }

    public void Dispose()
    {
        _done.TrySetResult();
        _live?.GetAwaiter().GetResult();
    }

    /// <summary>"45% 460800/1048576 bytes 120 KiB/s 5 s left".</summary>
    public static string Line(UploadProgress p)
    {
        var fraction = p.Total == 0 ? 1 : (double)p.Done / p.Total;
        return $"{fraction,4:P0} {p.Done}/{p.Total} bytes {Rate(p)}{(p.Left is { } l && p.Done < p.Total ? $" {l.TotalSeconds:F0} s left" : string.Empty)}";
    }

    private static string Rate(UploadProgress p) => $"{p.BytesPerSecond / 1024:F0} KiB/s";

    /// <summary>This upload's rate, from <see cref="UploadProgress"/> (Spectre's own speed would count a resumed upload's head start).</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag is UploadProgress p ? $"{p.Done}/{p.Total} bytes {Rate(p)}" : string.Empty);
    }

    private sealed class RemainingColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag is UploadProgress { Left: { } left } p && p.Done < p.Total ? $"{left.TotalSeconds:F0} s left" : string.Empty);
    }
}
