using System.Text.Json;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Tests.EndToEnd;
using FotaDevice.Host.Tests.Images;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Cli;

/// <summary>The command line itself: typo suggestions, global device options, hex numbers, verbosity, JSON, completion, exit codes.</summary>
[Collection("AppRuntime")]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-cl-").FullName;
    private readonly EcdsaTestSigner _signer = new();
    private readonly DeviceRig _rig;

    public CommandLineTests() => _rig = new DeviceRig(_dir);

    public void Dispose()
    {
        _signer.Dispose();
        _rig.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("uplod", "upload")]
    [InlineData("inspect a.img --jsn", "--json")]
    [InlineData("pack d --hedaer-size 3", "--header-size")]
    public void ATypoGetsASuggestionAndTheUsageExitCode(string line, string suggestion)
    {
        var (code, _, error) = Fota(line.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("fota: error:", error);
        Assert.Contains("Did you mean", error);
        Assert.Contains("\n" + suggestion + "\n", error);
    }

    [Fact]
    public void LogPrintsWhatTheDeviceSaidAndJsonNumbersTheLines()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out var device);
        device.Restart(); // the device logs the restart and its boot decision
        var address = Address(runner);
        var (code, output, error) = Fota("log", "-d", address);
        Assert.True(code == 0, error);
        Assert.Contains("I --- restart ---", output);
        Assert.Contains("no app to start: waiting for an update", output);

        var (jsonCode, json, _) = Fota("log", "-d", address, "--json");
        Assert.Equal(0, jsonCode);
        var lines = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(1, lines[0].GetProperty("number").GetInt64());
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => (long)i), lines.Select(l => l.GetProperty("number").GetInt64()));
    }

    [Fact]
    public void TheDeviceIsFoundByOptionBeforeOrAfterTheCommandOrByFotaDevice()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var address = Address(runner);
        Assert.Equal(0, Fota("--device", address, "status").Code);
        Assert.Equal(0, Fota("status", "-d", address).Code);

        var before = Environment.GetEnvironmentVariable(CommonOptions.DeviceVariable);
        try
        {
            Environment.SetEnvironmentVariable(CommonOptions.DeviceVariable, address);
            var (code, output, error) = Fota("status");
            Assert.True(code == 0, error);
            Assert.Contains("approval       policy either", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CommonOptions.DeviceVariable, before);
        }
    }

    [Fact]
    public void AnAbsentDeviceFailsWithinTimeoutAndTriesWithItsOwnExitCode()
    {
        var port = FreeUdpPort();
        var (code, _, error) = Fota("list", "--device", $"udp:127.0.0.1:{port}", "--timeout", "0.2", "--tries", "2");
        Assert.Equal(ExitCodes.NoAnswer, code);
        Assert.Contains("after 2 tries in 0.6 s", error);
        Assert.Contains("--timeout and --tries", error);
    }

    [Theory]
    [InlineData("--tries", "0")]
    [InlineData("--timeout", "-1")]
    [InlineData("--tries", "many")]
    public void BadConnectionOptionsAreUsageErrors(string option, string value)
    {
        var (code, _, error) = Fota("list", option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option, error);
    }

    [Fact]
    public void VerboseShowsEverySmpFrameDecodedAndInHex()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var (code, _, error) = Fota("list", "-v", "--device", Address(runner));
        Assert.Equal(0, code);
        Assert.Contains("smp >> read image state seq", error);
        Assert.Contains("smp << read-reply image state seq", error);
        Assert.Contains("{\"images\": [], \"splitStatus\": 0}", error);
        Assert.Contains("0000  08 00 00 01 00 01", error); // the request's header in hex
        Assert.DoesNotContain("smp >>", Fota("list", "--device", Address(runner)).Error);
    }

    [Fact]
    public void HexadecimalNumbersAreAccepted()
    {
        Assert.Equal(0, Fota("keygen", "-o", P("k.pem")).Code);
        var app = Path.Combine(_dir, "app");
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "demo-apps", "v1", "DemoApp.dll"), Path.Combine(app, "DemoApp.dll"));
        var (code, _, error) = Fota("pack", app, "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"), "--header-size", "0x200", "--security-counter", "0x10", "--product", "p");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(Fota("inspect", P("a.img"), "--json").Output).RootElement;
        Assert.Equal(512, json.GetProperty("headerSize").GetInt32());
        Assert.Equal(16u, json.GetProperty("securityCounter").GetUInt32());

        (code, _, error) = Fota("pack", app, "-o", P("b.img"), "--version", "1.0.0", "--key", P("k.pem"), "--header-size", "0xZZ");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--header-size: '0xZZ' is not a number", error);
    }

    [Theory]
    [InlineData("512", 512)]
    [InlineData("0x200", 512)]
    [InlineData("0X1_00", 256)]
    [InlineData("4_096", 4096)]
    public void NumbersAreDecimalOrHex(string text, int expected) => Assert.Equal(expected, Numbers.TryParse<int>(text));

    [Theory]
    [InlineData("0x")]
    [InlineData("0x-1")]
    [InlineData("0x100000000")]
    [InlineData("12ab")]
    public void NotNumbersAreRefused(string text) => Assert.Null(Numbers.TryParse<int>(text));

    [Fact]
    public void EveryReportingDeviceCommandPrintsJson()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var device = Address(runner);
        var path = P("v2.img");
        File.WriteAllBytes(path, DemoImages.Build(_signer, "2.0.0", 2));

        var upload = Json("upload", path, "--json", "--device", device);
        Assert.True(upload.GetProperty("accepted").GetBoolean());
        var hash = upload.GetProperty("hash").GetString()!;
        Assert.Equal(64, hash.Length);

        var list = Json("list", "--json", "--device", device).GetProperty("images");
        Assert.Equal(hash, list[0].GetProperty("hash").GetString());
        Assert.True(list[0].GetProperty("bootable").GetBoolean());

        Assert.Equal("either", Json("status", "--json", "--device", device).GetProperty("policy").GetString());
        Assert.Equal("staged", Json("test", hash, "--json", "--device", device).GetProperty("result").GetString()); // inside the power-on window
        Assert.True(Json("reset", "--json", "--device", device).GetProperty("reset").GetBoolean());
        Thread.Sleep(300);
        Assert.Equal("confirmed", Json("confirm", "--json", "--device", device).GetProperty("result").GetString());
    }

    [Fact]
    public void ApprovalRequiredHasItsOwnExitCode()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var device = Address(runner);
        File.WriteAllBytes(P("v2.img"), DemoImages.Build(_signer, "2.0.0", 2));
        File.WriteAllBytes(P("v3.img"), DemoImages.Build(_signer, "3.0.0", 3));
        Assert.Equal(0, Fota("upload", P("v2.img"), "--device", device).Code);
        Assert.Equal(0, Fota("test", "--latest", "--device", device).Code);
        Assert.Equal(0, Fota("reset", "--device", device).Code); // a restart the device makes itself: the window stays shut
        Thread.Sleep(300);
        Assert.Equal(0, Fota("upload", P("v3.img"), "--device", device).Code);

        var (code, output, error) = Fota("test", "--latest", "--json", "--device", device);
        Assert.Equal(ExitCodes.ApprovalRequired, code);
        Assert.Contains("approval required: press the button", error);
        Assert.Equal("approval-required", JsonDocument.Parse(output).RootElement.GetProperty("result").GetString());
    }

    [Fact]
    public void CompletionScriptsAndTheSuggestDirective()
    {
        Assert.Contains("complete -o default -F _fota_complete fota", Fota("completion", "bash").Output);
        Assert.Contains("compdef _fota_complete fota", Fota("completion", "zsh").Output);
        Assert.Contains("Register-ArgumentCompleter -Native -CommandName fota", Fota("completion", "pwsh").Output);
        Assert.Equal("upload", Fota("[suggest:3]", "upl").Output.Trim());
        Assert.Contains("--header-size", Fota("[suggest:14]", "pack x --heade").Output);
        Assert.Equal(ExitCodes.Usage, Fota("completion", "fish").Code);
    }

    [Fact]
    public void EveryCommandIsListedAndHasHelp()
    {
        var overview = Fota("--help").Output;
        foreach (var command in FotaDevice.Cli.Cli.Commands)
        {
            Assert.Contains($"  {command.Name}", overview);
            var (code, help, _) = Fota(command.Name, "--help");
            Assert.Equal(0, code);
            Assert.Contains(command.Summary, help);
        }

        Assert.Contains("Exit codes: 0 done", overview);
        Assert.Equal("fota " + FotaDevice.Cli.Cli.Version, Fota("--version").Output.Trim());
        Assert.Equal(ExitCodes.Usage, Fota().Code);
    }

    private JsonElement Json(params string[] args)
    {
        var (code, output, error) = Fota(args);
        Assert.True(code == 0, $"fota {string.Join(' ', args)} exited {code}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    private string P(string name) => Path.Combine(_dir, name);
}
