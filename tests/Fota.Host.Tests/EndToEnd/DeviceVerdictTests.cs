using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>The device's verdict everywhere: fota upload, verify and list say what the device says, and never suggest what cannot help.</summary>
[Collection("AppRuntime")]
public sealed class DeviceVerdictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-verdict-").FullName;
    private readonly EcdsaTestSigner _signer = new();
    private readonly EcdsaTestSigner _stranger = new();
    private readonly DeviceRig _rig;

    public DeviceVerdictTests() => _rig = new DeviceRig(_dir);

    public void Dispose()
    {
        _signer.Dispose();
        _stranger.Dispose();
        _rig.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AnImageForAnotherProductIsRefusedByTheDeviceAndUploadSaysSo()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var path = Write("foreign.img", DemoImages.Build(_signer, "2.0.0", 2, product: "another-board"));
        var (code, output, error) = Fota("upload", path, "--device", Address(runner));
        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains($"the device refused {path}: the image is for product \"another-board\", this device is \"virtual-device\"", error); // its own reason
        NeverSuggestsWhatCannotHelp(output + error);
        Assert.Contains("not bootable: the image is for product \"another-board\"", Fota("list", "--device", Address(runner)).Output);
    }

    [Fact]
    public void AnImageSignedByAKeyTheDeviceDoesNotTrustIsRefused()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var path = Write("stranger.img", DemoImages.Build(_stranger, "2.0.0", 2));
        var (code, output, error) = Fota("upload", path, "--device", Address(runner));
        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains("signed by a key this device does not trust", error);
        NeverSuggestsWhatCannotHelp(output + error);
    }

    [Fact]
    public void WhatTheDeviceWouldRefuseIsRefusedHereBeforeAnythingIsSent()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        var device = Address(runner);
        var corrupt = DemoImages.Build(_signer, "2.0.0", 2);
        corrupt[corrupt.Length / 2] ^= 0x01;
        File.WriteAllText(Path.Combine(_dir, "maker.pem"), PemOf(_signer.PublicKeyInfo));
        File.WriteAllText(Path.Combine(_dir, "stranger.pem"), PemOf(_stranger.PublicKeyInfo));
        var cases = new (string Name, byte[] Image, string[] Options, string Reason)[]
        {
            ("corrupt.img", corrupt, [], "the SHA256 TLV does not match the image"),
            ("foreign.img", DemoImages.Build(_signer, "2.0.0", 2, product: "another-board"), ["--product", "virtual-device"], "the image is for product \"another-board\", this device is \"virtual-device\""),
            ("stranger.img", DemoImages.Build(_stranger, "2.0.0", 2), ["--key", Path.Combine(_dir, "maker.pem")], "a key this device does not trust"),
            ("for-nano.img", DemoImages.Build(_signer, "2.0.0", 2), ["--runtime", "nano"], "runtime"),
        };
        foreach (var (name, image, options, reason) in cases)
        {
            var (code, output, error) = Fota(["upload", Write(name, image), "--device", device, .. options]);
            Assert.True(code == ExitCodes.Failed, $"{name}: exit {code}: {error}");
            Assert.Contains($"the device would refuse {Path.Combine(_dir, name)}: ", error);
            Assert.Contains(reason, error);
            NeverSuggestsWhatCannotHelp(output + error);
        }

        Assert.Contains("no images on the device", Fota("list", "--device", device).Output); // nothing was sent
    }

    [Fact]
    public void AGoodImageIsAcceptedAndUploadSaysHowToRunIt()
    {
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _);
        File.WriteAllText(Path.Combine(_dir, "maker.pem"), PemOf(_signer.PublicKeyInfo));
        var image = DemoImages.Build(_signer, "2.0.0", 2);
        var (code, output, error) = Fota("upload", Write("v2.img", image), "--device", Address(runner), "--key", Path.Combine(_dir, "maker.pem"), "--product", "virtual-device");
        Assert.True(code == 0, error);
        Assert.Contains($"to run it: fota test {Convert.ToHexStringLower(ImageReader.Read(image).ComputedHash)}", output);
    }

    [Fact]
    public void UploadWaitsForASlowSignatureCheckAndPrintsTheVerdict()
    {
        // As on an ESP32: the check after the last reply takes seconds, longer than this client waits for
        // any other answer (1 s, then 2 s): a request sent meanwhile is answered only after it.
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _, signatureCheckTime: TimeSpan.FromSeconds(4));
        var image = DemoImages.Build(_signer, "2.0.0", 2);
        var (code, output, error) = Fota("upload", Write("v2.img", image), "--device", Address(runner), "--timeout", "1", "--tries", "2");
        Assert.True(code == 0, error);
        Assert.Contains("waiting for its verdict", error);
        Assert.Contains($"the device's verdict: bootable (hash, signature and its checks passed); it has version 2.0.0 in slot A; to run it: fota test {Convert.ToHexStringLower(ImageReader.Read(image).ComputedHash)}", output);
    }

    [Fact]
    public void UploadGivesUpOnAVerdictThatTakesLongerThanItsWaitWithAClearMessage()
    {
        // A check that does not end while the test runs (the device's shutdown cuts it short). Whether the
        // last reply comes before the check (the status request then waits 1 s) or a reply is late on a loaded
        // machine and the resent chunk waits behind the check (the upload then waits its tries, 2 + 4 + 8 s):
        // the same verdict, no verdict.
        using var runner = _rig.Start([_signer.PublicKeyInfo], out _, signatureCheckTime: TimeSpan.FromMinutes(10));
        var (code, _, error) = Fota("upload", Write("v2.img", DemoImages.Build(_signer, "2.0.0", 2)), "--device", Address(runner), "--verdict-wait", "1");
        Assert.True(code == ExitCodes.NoAnswer, $"exit {code}: {error}");
        Assert.Contains("the device gave no verdict on ", error);
        Assert.Matches(@"within \d+ s \(no answer from udp:127\.0\.0\.1", error);
        Assert.Contains("--verdict-wait waits longer", error);
    }

    [Fact]
    public void ListSaysWhyAnImageIsNotBootable()
    {
        using var device = new FakeSmpDevice(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("images");
            w.WriteStartArray(1);
            w.WriteStartMap(5);
            w.WriteTextString("slot");
            w.WriteInt32(1);
            w.WriteTextString("version");
            w.WriteTextString("3.0.0");
            w.WriteTextString("hash");
            w.WriteByteString(new byte[32]);
            w.WriteTextString("bootable");
            w.WriteBoolean(false);
            w.WriteTextString("reason");
            w.WriteTextString("the image is for product \"x\", this device is \"y\"");
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        });
        var (code, output, _) = Fota("list", "--device", device.Address);
        Assert.Equal(0, code);
        Assert.Contains("NOT-bootable", output);
        Assert.Contains("not bootable: the image is for product \"x\", this device is \"y\"", output);
        Assert.Contains("\"reason\": \"the image is for product \\\"x\\\", this device is \\\"y\\\"\"", Fota("list", "--json", "--device", device.Address).Output);

        var refused = Fota("test", "--latest", "--device", device.Address);
        Assert.Equal(ExitCodes.Refused, refused.Code);
        Assert.Contains("is not bootable: the image is for product \"x\"", refused.Error);
    }

    [Fact]
    public void VerifyChecksTheRuntimeAndTheBundleAsTheDeviceDoes()
    {
        var path = Write("dotnet.img", DemoImages.Build(_signer, "2.0.0", 2));
        File.WriteAllText(Path.Combine(_dir, "maker.pem"), PemOf(_signer.PublicKeyInfo));
        var key = Path.Combine(_dir, "maker.pem");
        Assert.Equal(0, Fota("verify", path, "--key", key).Code);
        Assert.Equal(0, Fota("verify", path, "--key", key, "--runtime", "dotnet", "--product", "virtual-device").Code);
        var (code, _, error) = Fota("verify", path, "--key", key, "--runtime", "nano");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("NOT valid for a nanoFramework device: ", error);

        // A body that is not an app bundle: MCUboot would boot it, no FotaDevice takes it.
        var plain = ImageBuilder.BuildSigned(new byte[100], new ImageOptions { Version = ImageOptions.ParseVersion("1.0.0") }, _signer);
        var plainPath = Write("plain.img", plain);
        (code, _, error) = Fota("verify", plainPath, "--key", key);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("NOT valid for a nanoFramework device", error);
        Assert.Equal(0, Fota("verify", plainPath, "--key", key, "--runtime", "none").Code);

        // Libraries the app needs: checked against what the device has, when told.
        var needs = ImageBuilder.BuildSigned(
            new AppBundleBuilder(BundleRuntime.NanoFramework, "App.Program.Main").Require("nanoFramework.Device.Bluetooth", new AssemblyVersion(1, 1, 0, 0)).Add("App", new AssemblyVersion(1, 0, 0, 0), new byte[64]).Build(),
            new ImageOptions { Version = ImageOptions.ParseVersion("1.0.0") }, _signer);
        var needsPath = Write("needs.img", needs);
        var ok = Fota("verify", needsPath, "--key", key);
        Assert.Equal(0, ok.Code);
        Assert.Contains("the required libraries were not checked", ok.Error);
        Assert.Equal(0, Fota("verify", needsPath, "--key", key, "--library", "nanoFramework.Device.Bluetooth=1.1.123").Code);
        (code, _, error) = Fota("verify", needsPath, "--key", key, "--library", "nanoFramework.Device.Bluetooth=1.0");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("the app needs nanoFramework.Device.Bluetooth 1.1.0.0 or newer, this device has 1.0.0.0", error);
    }

    private static void NeverSuggestsWhatCannotHelp(string text)
    {
        Assert.DoesNotContain("upload it again", text);
        Assert.DoesNotContain("to run it: fota test", text);
        Assert.DoesNotContain("   at ", text);
    }

    private static string PemOf(byte[] spki) => System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", spki);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
