using FotaDevice.Platform;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>The virtual device's log: one line per event, with the time since the process started.</summary>
public sealed class ConsoleLog(TextWriter output, string prefix = "device") : ILog
{
    private static readonly System.Diagnostics.Stopwatch Since = System.Diagnostics.Stopwatch.StartNew();
    private readonly object _sync = new();

    public void Info(string message) => Write(" ", message);

    public void Warn(string message) => Write("!", message);

    private void Write(string mark, string message)
    {
        lock (_sync)
        {
            output.WriteLine($"[{Since.Elapsed.TotalSeconds,7:F2}s] {prefix} {mark} {message}");
            output.Flush();
        }
    }
}
