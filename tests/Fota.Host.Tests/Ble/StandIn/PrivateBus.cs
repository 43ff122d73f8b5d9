using System.Diagnostics;

namespace FotaDevice.Host.Tests.Ble.StandIn;

/// <summary>
/// A private dbus-daemon on a socket in a temporary folder, for the tests only: the system bus is
/// never touched. Stopped (and its folder removed) on dispose.
/// </summary>
public sealed class PrivateBus : IDisposable
{
    private readonly Process _daemon;
    private readonly string _dir;

    public PrivateBus()
    {
        _dir = Directory.CreateTempSubdirectory("fota-dbus-").FullName;
        var config = Path.Combine(_dir, "bus.conf");
        File.WriteAllText(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>fota-test</type>
              <listen>unix:path={_dir}/bus</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """);
        var start = new ProcessStartInfo(Executable(), $"--config-file={config} --nofork --print-address=1")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _daemon = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        _daemon.ErrorDataReceived += (_, _) => { }; // it warns that it cannot raise its fd limit: harmless
        _daemon.BeginErrorReadLine();
        Address = _daemon.StandardOutput.ReadLine() ?? throw new InvalidOperationException("dbus-daemon printed no address");
    }

    /// <summary>The bus's address (unix:path=...,guid=...).</summary>
    public string Address { get; }

    public void Dispose()
    {
        try
        {
            _daemon.Kill();
            _daemon.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
        }

        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Executable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, "dbus-daemon");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("dbus-daemon is not installed (Debian: apt-get install dbus); the BLE tests need it");
    }
}
