using System.Text.Json;
using FotaDevice.Cli.CommandLine;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Cli;

/// <summary>The README's flow, line by line as written: the virtual device, key, pack, verify, upload, approval, trial, confirmation.</summary>
[Collection("AppRuntime")]
public sealed class ReadmeFlowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheReadmeFlowWorksAsWritten()
    {
        var lines = FlowLines();
        Assert.Contains(lines, l => l.StartsWith("fota sim ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fota upload ", StringComparison.Ordinal));
        var port = FreeUdpPort();
        var cwd = Environment.CurrentDirectory;
        var device = Environment.GetEnvironmentVariable(CommonOptions.DeviceVariable);
        using var stopSim = new CancellationTokenSource();
        Task<int>? sim = null;
        var simOutput = new StringWriter();
        try
        {
            Environment.CurrentDirectory = _dir; // the README's paths are relative
            Environment.SetEnvironmentVariable(CommonOptions.DeviceVariable, $"udp:127.0.0.1:{port}"); // the README's default port may be taken here
            foreach (var line in lines.Where(l => !l.StartsWith("fota sim ", StringComparison.Ordinal)))
            {
                if (line.StartsWith("dotnet publish samples/DemoApp -o ", StringComparison.Ordinal))
                {
                    // What 'dotnet publish -o' leaves there: the app's own assembly (built for the tests already).
                    var output = Path.Combine(_dir, line.Split(' ')[^1]);
                    Directory.CreateDirectory(output);
                    File.Copy(Path.Combine(AppContext.BaseDirectory, "demo-apps", "v1", "DemoApp.dll"), Path.Combine(output, "DemoApp.dll"));
                    continue;
                }

                Assert.StartsWith("fota ", line);
                var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
                var (code, _, error) = Fota(args);
                Assert.True(code == 0, $"'{line}' exited {code}: {error}\ndevice: {simOutput}");
                if (args[0] == "keygen")
                {
                    // The README starts the device once the key exists: in its own terminal, on a port of ours.
                    var simLine = lines.Single(l => l.StartsWith("fota sim ", StringComparison.Ordinal));
                    var context = new CliContext(TextWriter.Synchronized(simOutput), TextWriter.Synchronized(simOutput)) { In = new StringReader(string.Empty) };
                    sim = Task.Run(() => FotaDevice.Cli.Cli.RunAsync([.. simLine.Split(' ')[1..], "--port", port.ToString()], context, stopSim.Token));
                    await WaitForDevice();
                }
            }

            // The app confirms itself on trial.
            var confirmed = false;
            for (var i = 0; i < 50 && !confirmed; i++)
            {
                var images = JsonDocument.Parse(Fota("list", "--json").Output).RootElement.GetProperty("images");
                confirmed = images.EnumerateArray().Any(e => e.GetProperty("active").GetBoolean() && e.GetProperty("confirmed").GetBoolean() && e.GetProperty("version").GetString() == "1.0.0");
                await Task.Delay(100);
            }

            Assert.True(confirmed, "the app runs and confirmed itself\n" + simOutput);
        }
        finally
        {
            stopSim.Cancel();
            if (sim != null)
            {
                Assert.Equal(0, await sim);
            }

            Environment.CurrentDirectory = cwd;
            Environment.SetEnvironmentVariable(CommonOptions.DeviceVariable, device);
        }
    }

    /// <summary>The lines of the README's code blocks between the readme-flow markers, comments removed.</summary>
    private static List<string> FlowLines()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "FotaDevice.sln")))
        {
            dir = dir.Parent ?? throw new InvalidOperationException("README.md not found above the test folder");
        }

        var text = File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
        var start = text.IndexOf("<!-- readme-flow", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- /readme-flow -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the README marks its flow");
        var lines = new List<string>();
        var inCode = false;
        foreach (var raw in text[start..end].Split('\n'))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            var line = (raw.Contains(" #", StringComparison.Ordinal) ? raw[..raw.IndexOf(" #", StringComparison.Ordinal)] : raw).Trim();
            if (inCode && line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async Task WaitForDevice()
    {
        for (var i = 0; i < 100; i++)
        {
            if (Fota("status", "--timeout", "0.2", "--tries", "1").Code == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the virtual device did not start");
    }
}
