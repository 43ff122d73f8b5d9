namespace FotaDevice.Tests.Fakes;

/// <summary>A log that keeps its lines for assertions.</summary>
public sealed class ListLog : FotaDevice.Platform.ILog
{
    public List<string> Lines { get; } = new();

    public void Info(string message) => Lines.Add("info: " + message);

    public void Warn(string message) => Lines.Add("warn: " + message);

    public bool Has(string fragment) => Lines.Any(l => l.Contains(fragment, StringComparison.Ordinal));
}
