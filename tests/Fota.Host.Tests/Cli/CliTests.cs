using System.Security.Cryptography;
using System.Text.Json;
using FotaDevice.Cli;
using FotaDevice.Host.Keys;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Cli;

/// <summary>The fota command line, run in process as a user would run it.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ed25519")]
    public void KeygenPackVerifyInspect(string type)
    {
        Ok("keygen", "-o", P("key.pem"), "--type", type);
        var app = AppDir("v2");
        Ok("pack", app, "-o", P("app.img"), "--version", "2.0.0+5", "--key", P("key.pem"), "--product", "virtual-device", "--security-counter", "2");
        var verified = Ok("verify", P("app.img"), "--key", P("key.pem"), "--product", "virtual-device");
        Assert.Contains("valid for a .NET device (the virtual device) of product \"virtual-device\": version 2.0.0+5", verified);

        var json = JsonDocument.Parse(Ok("inspect", P("app.img"), "--json")).RootElement;
        Assert.Equal("2.0.0+5", json.GetProperty("version").GetString());
        Assert.Equal(2u, json.GetProperty("securityCounter").GetUInt32());
        Assert.Equal("virtual-device", json.GetProperty("product").GetString());
        Assert.True(json.GetProperty("hashMatches").GetBoolean());
        Assert.Equal("DemoApp.App.Start", json.GetProperty("bundle").GetProperty("entry").GetString());
        Assert.Equal(type, json.GetProperty("signature").GetString());
        Assert.Contains("app bundle        .NET, entry DemoApp.App.Start", Ok("inspect", P("app.img")));
    }

    [Fact]
    public void KeysAreStandardPkcs8ThatDotNetReadsBack()
    {
        Ok("keygen", "-o", P("k.pem"));
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(P("k.pem")));
        Assert.Equal(256, ecdsa.KeySize);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(P("k.pem")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(P("k.pem")));
        }
    }

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ed25519")]
    public void EncryptedKeysNeedTheirPassphrase(string type)
    {
        File.WriteAllText(P("pass.txt"), "correct horse battery staple\n");
        File.WriteAllText(P("wrong.txt"), "wrong\n");
        Ok("keygen", "-o", P("k.pem"), "--type", type, "--passphrase-file", P("pass.txt"));
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(P("k.pem")));
        var app = AppDir("v1");

        var (code, _, error) = Run("pack", app, "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"));
        Assert.Equal(1, code);
        Assert.Contains("is encrypted: give its passphrase", error);

        (code, _, error) = Run("pack", app, "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"), "--passphrase-file", P("wrong.txt"));
        Assert.Equal(1, code);
        Assert.Contains("wrong passphrase", error);
        Assert.DoesNotContain("   at ", error);

        Ok("pack", app, "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"), "--passphrase-file", P("pass.txt"));
        Ok("verify", P("a.img"), "--key", P("k.pem"), "--passphrase-file", P("pass.txt"));
    }

    [Fact]
    public void AnotherKeyOrAnotherProductIsRefused()
    {
        Ok("keygen", "-o", P("k.pem"));
        Ok("keygen", "-o", P("other.pem"));
        Ok("pack", AppDir("v1"), "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"), "--product", "board-a");
        var (code, _, error) = Run("verify", P("a.img"), "--key", P("other.pem"));
        Assert.Equal(1, code);
        Assert.Contains("does not trust", error);
        (code, _, error) = Run("verify", P("a.img"), "--key", P("k.pem"), "--product", "board-b");
        Assert.Equal(1, code);
        Assert.Contains("NOT valid for a .NET device (the virtual device) of product \"board-b\": the image is for product \"board-a\", this device is \"board-b\"", error);
        Ok("verify", P("a.img"), "--key", P("other.pem"), "--key", P("k.pem")); // any of several keys
    }

    [Fact]
    public void AFlippedBitAnywhereFailsVerificationWithAClearMessage()
    {
        Ok("keygen", "-o", P("k.pem"));
        Ok("pack", AppDir("v1"), "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"), "--security-counter", "1", "--product", "x");
        var image = File.ReadAllBytes(P("a.img"));
        var json = JsonDocument.Parse(Ok("inspect", P("a.img"), "--json")).RootElement;
        var hashed = 32 + json.GetProperty("bodySize").GetInt32() + json.GetProperty("protectedTlvSize").GetInt32();
        int[] offsets = [0, 9, 20, 100, 32 + 40, hashed - 3, image.Length - 5];
        foreach (var offset in offsets)
        {
            var damaged = image.ToArray();
            damaged[offset] ^= 0x04;
            File.WriteAllBytes(P("bad.img"), damaged);
            var (code, output, error) = Run("verify", P("bad.img"), "--key", P("k.pem"));
            Assert.True(code == 1, $"flip at {offset} verified: {output}");
            Assert.StartsWith("fota: ", error);
            Assert.DoesNotContain("   at ", error);
        }
    }

    [Fact]
    public void DetachedSigningGivesTheImagePackWouldHaveMade()
    {
        Ok("keygen", "-o", P("k.pem"), "--type", "ed25519"); // deterministic signatures: byte-for-byte comparable
        var app = AppDir("v2");
        string[] common = ["--version", "2.0.0", "--security-counter", "2", "--product", "p"];
        Ok(["pack", app, "-o", P("direct.img"), "--key", P("k.pem"), .. common]);
        Ok(["pack", app, "-o", P("u.img"), "--unsigned", .. common]);
        Assert.True(File.Exists(P("u.img.digest")));

        // On the offline machine: only the digest and the key.
        Ok("sign", "--digest", P("u.img.digest"), "--key", P("k.pem"), "-o", P("app.sig"));
        Ok("attach", P("u.img"), "--signature", P("app.sig"), "-o", P("detached.img"));
        Assert.Equal(File.ReadAllBytes(P("direct.img")), File.ReadAllBytes(P("detached.img")));

        Ok("sign", P("u.img"), "--key", P("k.pem"), "-o", P("one-step.img"));
        Assert.Equal(File.ReadAllBytes(P("direct.img")), File.ReadAllBytes(P("one-step.img")));
    }

    [Fact]
    public void ASignatureForAnotherImageIsNotAttached()
    {
        Ok("keygen", "-o", P("k.pem"));
        Ok("pack", AppDir("v1"), "-o", P("one.img"), "--version", "1.0.0", "--unsigned");
        Ok("pack", AppDir("v2"), "-o", P("two.img"), "--version", "2.0.0", "--unsigned");
        Ok("sign", "--digest", P("one.img.digest"), "--key", P("k.pem"), "-o", P("one.sig"));
        var (code, _, error) = Run("attach", P("two.img"), "--signature", P("one.sig"), "-o", P("x.img"));
        Assert.Equal(1, code);
        Assert.Contains("not the same image", error);
        Assert.False(File.Exists(P("x.img")));
    }

    [Fact]
    public void GetpubWritesCSharpWithTheKeyAndItsHash()
    {
        Ok("keygen", "-o", P("k.pem"));
        var source = Ok("getpub", P("k.pem"));
        var key = PublicKeyFile.Load(P("k.pem"));
        Assert.Contains("public static readonly byte[] Key0 = new byte[]", source);
        Assert.Contains(Convert.ToHexStringLower(key.KeyHash), source);
        Assert.Contains($"0x{key.SubjectPublicKeyInfo[^1]:x2}", source);
        Assert.Contains("namespace FotaDevice.Keys", source);

        Ok("getpub", P("k.pem"), "--format", "pem", "-o", P("pub.pem"));
        Assert.Equal(key.SubjectPublicKeyInfo, PublicKeyFile.Load(P("pub.pem")).SubjectPublicKeyInfo);
        Ok("keygen", "-o", P("other.pem"));
        Ok("pack", AppDir("v1"), "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"));
        Ok("verify", P("a.img"), "--key", P("pub.pem")); // the public key alone verifies
    }

    [Fact]
    public void ImgtoolKeysAndImagesWork()
    {
        var vectors = Path.Combine(AppContext.BaseDirectory, "imgtool");
        foreach (var (key, image) in new[] { ("ecdsa-p256.pem", "ecdsa-p256-v1.2.3.img"), ("ed25519.pem", "ed25519-v1.2.3.img") })
        {
            // Their body is a plain file, not an app bundle: MCUboot takes them, a FotaDevice does not.
            Assert.Contains("valid for MCUboot (the body is not checked): version 1.2.3+4", Ok("verify", Path.Combine(vectors, image), "--key", Path.Combine(vectors, key), "--runtime", "none"));
            var (code, _, error) = Run("verify", Path.Combine(vectors, image), "--key", Path.Combine(vectors, key));
            Assert.Equal(1, code);
            Assert.Contains("NOT valid for a nanoFramework device", error);
        }
    }

    [Theory]
    [InlineData(2, "Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [InlineData(2, "missing --output", "keygen")]
    [InlineData(2, "unknown key type", "keygen", "-o", "x.pem", "--type", "rsa")]
    [InlineData(2, "Unrecognized command or argument '--nope'", "inspect", "a.img", "--nope")]
    [InlineData(1, "no such file", "inspect", "missing.img")]
    [InlineData(1, "no such file", "verify", "missing.img", "--key", "missing.pem")]
    public void BadInputGetsAOneLineErrorAndAnExitCode(int expected, string message, params string[] args)
    {
        var (code, _, error) = Run(args.Select(a => a.EndsWith(".pem") || a.EndsWith(".img") ? P(a) : a).ToArray());
        Assert.Equal(expected, code);
        Assert.Contains(message, error);
        Assert.StartsWith("fota: error:", error.TrimStart());
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void BadVersionsCorruptPemAndEmptyDirectoriesAreClear()
    {
        Ok("keygen", "-o", P("k.pem"));
        Directory.CreateDirectory(P("empty"));
        var (code, _, error) = Run("pack", P("empty"), "-o", P("a.img"), "--version", "1.0.0", "--key", P("k.pem"));
        Assert.Equal(1, code);
        Assert.Contains("no assemblies", error);

        (code, _, error) = Run("pack", AppDir("v1"), "-o", P("a.img"), "--version", "one", "--key", P("k.pem"));
        Assert.Equal(2, code);
        Assert.Contains("--version", error);

        File.WriteAllText(P("bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        (code, _, error) = Run("pack", AppDir("v1"), "-o", P("a.img"), "--version", "1.0.0", "--key", P("bad.pem"));
        Assert.Equal(1, code);
        Assert.Contains("bad.pem", error);

        File.WriteAllText(P("text.pem"), "hello");
        (code, _, error) = Run("verify", P("a.img"), "--key", P("text.pem"));
        Assert.Equal(1, code);
        Assert.Contains("not a PEM file", error);
    }

    [Fact]
    public void KeygenNeverOverwritesWithoutForce()
    {
        Ok("keygen", "-o", P("k.pem"));
        var before = File.ReadAllText(P("k.pem"));
        var (code, _, error) = Run("keygen", "-o", P("k.pem"));
        Assert.Equal(1, code);
        Assert.Contains("not overwriting", error);
        Assert.Equal(before, File.ReadAllText(P("k.pem")));
        Ok("keygen", "-o", P("k.pem"), "--force");
        Assert.NotEqual(before, File.ReadAllText(P("k.pem")));
    }

    [Fact]
    public void HelpAndVersion()
    {
        Assert.Contains("Commands:", Ok("--help"));
        Assert.Contains(" pack <DIR> [options]", Ok("pack", "--help"));
        Assert.Contains(" verify <APP.img> [options]", Ok("help", "verify"));
        Assert.StartsWith("fota ", Ok("--version"));
    }

    private string P(string name) => Path.Combine(_dir, name);

    private string AppDir(string flavor)
    {
        var dir = P("app-" + flavor);
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "demo-apps", flavor, "DemoApp.dll"), Path.Combine(dir, "DemoApp.dll"), overwrite: true);
        return dir;
    }

    private static string Ok(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"fota {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => Fota(args);
}
