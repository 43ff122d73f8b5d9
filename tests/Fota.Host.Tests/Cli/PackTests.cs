using FotaDevice.Cli.CommandLine;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Cli;

/// <summary>fota pack's guardrails: nothing the device provides in the bundle, an entry point that exists, warnings for what a missing option means.</summary>
public sealed class PackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-pack-").FullName;

    public PackTests() => Assert.Equal(0, Fota("keygen", "-o", P("k.pem")).Code);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("FotaDevice.Firmware.dll", "FotaDevice.Firmware.dll is the device's own library")]
    [InlineData("NanoSubsetCheck.dll", "NanoSubsetCheck.dll is a build tool")]
    [InlineData("System.Text.Json.dll", "System.Text.Json.dll is a library the virtual device provides")]
    public void AssembliesTheDeviceProvidesAreRefused(string file, string message)
    {
        var app = App("with-extra");
        var source = Path.Combine(AppContext.BaseDirectory, file);
        File.Copy(File.Exists(source) ? source : typeof(System.Text.Json.JsonDocument).Assembly.Location, Path.Combine(app, file)); // the runtime's own
        var (code, _, error) = Fota("pack", app, "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains(message, error);
        Assert.Contains("dotnet publish -o DIR", error);
        Assert.False(File.Exists(P("a.img")));
    }

    [Fact]
    public void NanoFrameworkLibrariesAreRefusedAndLoadOrderChoosesTheAppsFiles()
    {
        var app = Path.Combine(_dir, "nano");
        Directory.CreateDirectory(app);
        File.WriteAllBytes(Path.Combine(app, "mscorlib.pe"), new byte[40]);
        File.WriteAllBytes(Path.Combine(app, "App.pe"), System.Text.Encoding.UTF8.GetBytes("NFMRK2\0Program\0Main\0"));
        var (code, _, error) = Fota("pack", app, "-o", P("n.img"), "--version", "1.0.0", "--key", P("k.pem"), "--entry", "App.Program.Main");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("mscorlib.pe is a nanoFramework library the device's firmware provides", error);

        File.WriteAllText(Path.Combine(app, "load-order.txt"), "App.pe\n");
        (code, _, error) = Fota("pack", app, "-o", P("n.img"), "--version", "1.0.0", "--key", P("k.pem"), "--entry", "App.Program.Main", "--product", "p", "--security-counter", "1");
        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, error);

        (code, _, error) = Fota("pack", app, "-o", P("n.img"), "--version", "1.0.0", "--key", P("k.pem"), "--entry", "App.Other.Start", "--product", "p", "--security-counter", "1");
        Assert.Equal(0, code);
        Assert.Contains("warning: no .pe file seems to define --entry App.Other.Start", error);
    }

    [Fact]
    public void AnEntryPointTheAssembliesDoNotDefineIsRefused()
    {
        var (code, _, error) = Fota("pack", App("v1"), "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"), "--entry", "DemoApp.App.Begin");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--entry DemoApp.App.Begin: none of the assemblies defines a public static parameterless method Begin in a public type DemoApp.App (found: DemoApp.App.Start)", error);
    }

    [Fact]
    public void AMissingProductOrCounterIsExplainedAndCountersAreReadable()
    {
        var (code, output, error) = Fota("pack", App("v1"), "-o", P("a.img"), "--version", "1.2.0", "--key", P("k.pem"));
        Assert.Equal(0, code);
        Assert.Contains("warning: no --product: a device with a product id refuses an image that names none", error);
        Assert.Contains("warning: no --security-counter: once a device has confirmed an image with a counter", error);
        Assert.Contains("security counter none, product none", output);

        (code, output, error) = Fota("pack", App("v1"), "-o", P("a.img"), "--version", "1.2.0", "--key", P("k.pem"), "--security-counter", "auto", "--product", "board");
        Assert.Equal(0, code);
        Assert.DoesNotContain("warning", error);
        Assert.Contains("version 1.2.0, security counter 16908288 (auto for 1.2.0), product \"board\", .NET app, entry DemoApp.App.Start (1 assembly)", output);
    }

    private string App(string flavor)
    {
        var dir = P("app-" + flavor);
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "demo-apps", flavor == "with-extra" ? "v1" : flavor, "DemoApp.dll"), Path.Combine(dir, "DemoApp.dll"), overwrite: true);
        return dir;
    }

    private string P(string name) => Path.Combine(_dir, name);
}
