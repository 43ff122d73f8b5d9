using FotaDevice.Host.Approval;
using FotaDevice.Host.Smp;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Update.Approval;
using Xunit;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>fota code new / check, and fota test / confirm --code against the virtual device over UDP.</summary>
[Collection("AppRuntime")]
public sealed class OwnerCodeEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-code-").FullName;
    private readonly EcdsaTestSigner _signer = new();
    private readonly DeviceRig _rig;
    private readonly OwnerCode _code = OwnerCode.New();

    public OwnerCodeEndToEndTests() => _rig = new DeviceRig(_dir);

    public void Dispose()
    {
        _signer.Dispose();
        _rig.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void CodeNewPrintsTheCodeItsLabelAndTheFirmwareSourceWithoutTheCode()
    {
        var file = Path.Combine(_dir, "OwnerCode.cs");
        var (exit, output, error) = DeviceRig.Fota("code", "new", "--device-name", "greenhouse 3", "-o", file);
        Assert.True(exit == 0, error);
        var label = output.Split('\n').First(l => l.StartsWith("owner code: ", StringComparison.Ordinal))["owner code: ".Length..].Trim();
        var code = OwnerCode.Parse(label);
        Assert.Contains("greenhouse 3", output);
        var source = File.ReadAllText(file);
        Assert.Contains("new OwnerCodeKey(", source);
        Assert.DoesNotContain(code.Text, source);

        Assert.Equal(0, DeviceRig.Fota("code", "check", label.ToLowerInvariant()).Code);
        var typo = label[..^1] + (label[^1] == 'A' ? 'B' : 'A');
        var (bad, _, why) = DeviceRig.Fota("code", "check", typo);
        Assert.Equal(2, bad);
        Assert.Contains("check character", why);
    }

    [Fact]
    public async Task TestWithTheCodeStagesTheTrialWithoutAPress()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _, approval: Settings());
        var image = DemoImages.Build(_signer, "2.0.0", 2, "virtual-device", 0);
        using var client = new SmpClient(runner.Endpoint);
        var device = new SmpDevice(client);
        await device.UploadAsync(image, 4, null);
        var hash = Convert.ToHexString(FotaDevice.Host.Images.ImageReader.Read(image).ComputedHash);
        var address = DeviceRig.Address(runner);

        var (denied, _, asked) = DeviceRig.Fota("test", hash, "--device", address);
        Assert.Equal(4, denied);
        Assert.Contains("owner code", asked);

        var (wrong, _, refused) = DeviceRig.Fota("test", hash, "--code", OwnerCode.New().Label, "--device", address);
        Assert.NotEqual(0, wrong);
        Assert.Contains("wrong owner code", refused);

        var (exit, output, error) = DeviceRig.Fota("test", hash, "--code", _code.Label, "--device", address);
        Assert.True(exit == 0, output + error);
        Assert.Contains("trial staged", output);
        Assert.Contains((await device.ListAsync()), s => s.Pending && s.Hash.AsSpan().SequenceEqual(Convert.FromHexString(hash)));
        Assert.Equal(0L, (await device.StatusAsync())["code_failures"]);
    }

    private ApprovalSettings Settings() => new()
    {
        Policy = ApprovalPolicy.CodeOnly,
        OwnerCode = OwnerCodeKeys.Provision(_code).ForDevice(),
        Random = new SystemRandomSource(),
    };
}
