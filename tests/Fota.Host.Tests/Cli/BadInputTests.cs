using System.Security.Cryptography;
using FotaDevice.Cli.CommandLine;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Cli;

/// <summary>Files, keys, images and options of every kind made once for <see cref="BadInputTests"/>.</summary>
public sealed class BadInputFiles : IDisposable
{
    public BadInputFiles()
    {
        Dir = Directory.CreateTempSubdirectory("fota-bad-").FullName;
        Directory.CreateDirectory(P("adir"));
        Directory.CreateDirectory(P("half.img.digest")); // pack --unsigned -o half.img cannot write its digest
        Directory.CreateDirectory(P("app"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "demo-apps", "v1", "DemoApp.dll"), P("app/DemoApp.dll"));
        Must("keygen", "-o", P("k.pem"));
        Must("getpub", P("k.pem"), "--format", "pem", "-o", P("pub.pem"));
        Must("pack", P("app"), "-o", P("good.img"), "--version", "1.0.0", "--key", P("k.pem"), "--product", "p", "--security-counter", "1");
        Must("pack", P("app"), "-o", P("u.img"), "--version", "1.0.0", "--unsigned", "--product", "p", "--security-counter", "1");
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(P("rsa.pem"), rsa.ExportPkcs8PrivateKeyPem());
        }

        using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
        {
            File.WriteAllText(P("p384.pem"), p384.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllBytes(P("empty"), []);
        File.WriteAllBytes(P("random.img"), RandomNumberGenerator.GetBytes(4000));
        File.WriteAllBytes(P("trunc.img"), File.ReadAllBytes(P("good.img"))[..100]);
        File.WriteAllBytes(P("short-tlv.img"), File.ReadAllBytes(P("good.img"))[..^10]); // its TLV area cut
        File.WriteAllText(P("text.txt"), "hello world\n");
        File.WriteAllText(P("cert.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        File.WriteAllText(P("odd.digest"), "abc\n");
        File.WriteAllText(P("nonhex.digest"), new string('z', 64) + "\n");
        File.WriteAllText(P("short.digest"), "abcd\n");
    }

    public string Dir { get; }

    public string P(string name) => Path.Combine(Dir, name);

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    private static void Must(params string[] args)
    {
        var (code, _, error) = Fota(args);
        Assert.True(code == 0, $"fota {string.Join(' ', args)}: {error}");
    }
}

/// <summary>
/// Bad input to every command: a one-line error naming what is wrong, an exit code of the documented
/// set, no stack trace, and nothing written. In a case, @NAME is a file of <see cref="BadInputFiles"/>,
/// %NAME a path in an empty folder of the case's own (which must stay empty), NOWHERE a UDP port nothing listens on.
/// </summary>
public sealed class BadInputTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    private const string Quick = "--timeout 0.2 --tries 1 -d udp:127.0.0.1:NOWHERE";

    public static TheoryData<string, int, string> Cases => new()
    {
        // images: missing, a folder, empty, random bytes, truncated, text, a key
        { "inspect @missing.img", 1, "missing.img: no such file" },
        { "inspect @adir", 1, "adir: a folder, not a file" },
        { "inspect @empty", 1, "shorter than an MCUboot header" },
        { "inspect @random.img", 1, "random.img: not an MCUboot image" },
        { "inspect @trunc.img", 1, "trunc.img: 100 bytes, shorter than" },
        { "inspect @text.txt", 1, "text.txt: 12 bytes" },
        { "inspect @k.pem", 1, "k.pem: not an MCUboot image" },
        { "verify @missing.img --key @k.pem", 1, "missing.img: no such file" },
        { "verify @adir --key @k.pem", 1, "adir: a folder, not a file" },
        { "verify @empty --key @k.pem", 1, "NOT valid" },
        { "verify @random.img --key @k.pem", 1, "bad image magic" },
        { "verify @trunc.img --key @k.pem", 1, "only 100 available" },
        { "verify @text.txt --key @k.pem", 1, "NOT valid" },
        { "verify @short-tlv.img --key @k.pem", 1, "NOT valid for a .NET device (the virtual device): image of " },
        { "inspect @short-tlv.img", 1, "short-tlv.img: TLV area of" },
        { "upload @adir " + Quick, 1, "adir: a folder, not a file" },
        { "upload @random.img " + Quick, 1, "random.img is not an MCUboot image" },
        { "upload @empty " + Quick, 1, "empty is not an MCUboot image" },

        // keys
        { "verify @good.img --key @missing.pem", 1, "missing.pem: no such file" },
        { "verify @good.img --key @adir", 1, "adir: " },
        { "verify @good.img --key @empty", 1, "empty: not a PEM file" },
        { "verify @good.img --key @cert.pem", 1, "\"CERTIFICATE\" is not a private key" },
        { "verify @good.img --key @p384.pem", 1, "P-384" },
        { "verify @good.img --key @rsa.pem", 1, "an RSA key" },
        { "getpub @random.img", 1, "random.img: not a PEM file" },
        { "getpub @rsa.pem", 1, "an RSA key" },
        { "pack @app -o %a.img --version 1.0.0 --key @pub.pem", 1, "pub.pem holds a public key" },
        { "sign --digest @u.img.digest --key @pub.pem -o %x.sig", 1, "pub.pem holds a public key" },
        { "sim --key @rsa.pem --state %s", 1, "an RSA key" },
        { "verify @good.img --key @k.pem --passphrase-file @missing", 1, "missing: no such file" },
        { "verify @good.img --key @k.pem --passphrase-file @adir", 1, "adir: a folder, not a file" },
        { "verify @good.img --key @k.pem --passphrase-file @empty", 1, "the passphrase is empty" },

        // digests, signatures, hashes
        { "sign --digest @missing --key @k.pem -o %x.sig", 1, "missing: no such file" },
        { "sign --digest @adir --key @k.pem -o %x.sig", 1, "adir: a folder, not a file" },
        { "sign --digest @empty --key @k.pem -o %x.sig", 1, "this one is 0" },
        { "sign --digest @odd.digest --key @k.pem -o %x.sig", 1, "odd.digest: not a hex digest" },
        { "sign --digest @nonhex.digest --key @k.pem -o %x.sig", 1, "nonhex.digest: not a hex digest" },
        { "sign --digest @short.digest --key @k.pem -o %x.sig", 1, "this one is 2" },
        { "sign @random.img --key @k.pem -o %x.img", 1, "random.img: bad image magic" },
        { "sign @empty --key @k.pem -o %x.img", 1, "empty: 0 bytes" },
        { "sign @good.img --key @k.pem -o %x.img", 1, "good.img: not an unsigned image" },
        { "attach @u.img --signature @missing -o %x.img", 1, "missing: no such file" },
        { "attach @u.img --signature @adir -o %x.img", 1, "adir: a folder, not a file" },
        { "attach @u.img --signature @text.txt -o %x.img", 1, "text.txt: not a fota signature file" },
        { "test zz " + Quick, 2, "not a hex hash: zz" },
        { "test abc " + Quick, 2, "not a hex hash: abc" },
        { "test 0123 " + Quick, 2, "a hash is 32 bytes (64 hex digits), this one is 2" },
        { "confirm zz " + Quick, 2, "not a hex hash" },

        // numbers and versions
        { "pack @app -o %a.img --version abc --key @k.pem", 2, "--version: 'abc'" },
        { "pack @app -o %a.img --version 256.0.0 --key @k.pem", 2, "major and minor must be 0..255" },
        { "pack @app -o %a.img --version 1.0.0+x --key @k.pem", 2, "--version: '1.0.0+x'" },
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --security-counter -1", 2, "--security-counter" },
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --header-size 0", 2, "--header-size: 0 is less than 32" },
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --header-size 99999999999", 2, "--header-size" },
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --header-size 0x10000", 1, "header size 65536 is outside 32..4096" },
        { "list --timeout abc", 2, "--timeout: 'abc' is not a number" },
        { "list --timeout 0", 2, "--timeout" },
        { "list --tries -1", 2, "--tries: -1 is less than 1" },
        { "upload @good.img --window 0 " + Quick, 2, "--window: 0 is less than 1" },
        { "upload @good.img --verdict-wait -1 " + Quick, 2, "--verdict-wait" },
        { "test --latest --wait -1 " + Quick, 2, "--wait" },
        { "scan --time 0", 2, "--time" },
        { "scan --time 99999999", 2, "--time" },
        { "sim --key @pub.pem --state %s --port 99999", 2, "--port: 99999 is more than 65535" },
        { "sim --key @pub.pem --state %s --port 0", 2, "--port: 0 is less than 1" },
        { "sim --key @pub.pem --state %s --slot-size 0", 2, "--slot-size" },
        { "sim --key @pub.pem --state %s --window -1", 2, "--window" },
        { "sim --key @pub.pem --state %s --policy bogus", 2, "unknown policy 'bogus'" },
        { "sim --key @pub.pem --state %s --code garbage", 2, "an owner code has 13 characters" },
        { "sim --key @pub.pem --state %s --bind garbage", 2, "--bind: not an IP address" },
        { "sim --key @pub.pem --state %s --bind 192.0.2.1", 1, "cannot listen on 192.0.2.1:1337" },
        { "sim --key @pub.pem --state @good.img", 1, "good.img: a file, not a folder" },
        { "code check garbage", 2, "an owner code has 13 characters" },
        { "test --latest --code garbage " + Quick, 2, "an owner code has 13 characters" },
        { "confirm --code garbage " + Quick, 2, "an owner code has 13 characters" },
        { "list --verbosity bogus", 2, "--verbosity: 'bogus' is not quiet, normal, detailed or diagnostic" },
        { "demo --dir @good.img", 1, "good.img: a file, not a folder" },
        { "getpub @k.pem --namespace 1bad", 2, "--namespace '1bad' is not a C# namespace" },
        { "getpub @k.pem --namespace A..B", 2, "--namespace 'A..B'" },
        { "getpub @k.pem --class a-b", 2, "--class 'a-b' is not a C# class name" },

        // outputs: a missing folder, a folder, an existing key
        { "keygen -o @nodir/k.pem", 1, "no such folder" },
        { "keygen -o @adir", 1, "adir: a folder" },
        { "keygen -o @k.pem", 1, "k.pem exists: not overwriting it" },
        { "getpub @k.pem -o @nodir/x.cs", 1, "no such folder" },
        { "getpub @k.pem -o @adir", 1, "adir: a folder" },
        { "code new -o @nodir/x.cs", 1, "no such folder" },
        { "code new -o @adir", 1, "adir: a folder" },
        { "pack @app -o @nodir/a.img --version 1.0.0 --key @k.pem", 1, "no such folder" },
        { "pack @app -o @adir --version 1.0.0 --key @k.pem", 1, "adir: a folder" },
        { "pack @app -o @adir --version 1.0.0 --unsigned", 1, "adir: a folder" },
        { "sign --digest @u.img.digest --key @k.pem -o @nodir/x.sig", 1, "no such folder" },
        { "sign --digest @u.img.digest --key @k.pem -o @adir", 1, "adir: a folder" },
        { "sign @u.img --key @k.pem -o @adir", 1, "adir: a folder" },
        { "pack @app -o @half.img --version 1.0.0 --unsigned", 1, "half.img.digest: a folder" }, // and no half.img without it

        // conflicting or missing options
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --unsigned", 2, "--key and --unsigned" },
        { "pack @app -o %a.img --version 1.0.0", 2, "give --key KEY.pem to sign, or --unsigned" },
        { "sign @u.img --digest @u.img.digest --key @k.pem -o %x.sig", 2, "give either --digest FILE or an unsigned image" },
        { "test 0000000000000000000000000000000000000000000000000000000000000000 --latest " + Quick, 2, "not both" },
        { "pack @missing -o %a.img --version 1.0.0 --key @k.pem", 1, "missing: no such directory" },
        { "pack @good.img -o %a.img --version 1.0.0 --key @k.pem", 1, "no such directory" },
        { "pack @adir -o %a.img --version 1.0.0 --key @k.pem", 1, "adir: no assemblies" },
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --runtime bogus", 2, "unknown runtime 'bogus'" },
        { "pack @app -o %a.img --version 1.0.0 --key @k.pem --entry bad", 2, "--entry 'bad' is not Namespace.Type.Method" },
        { "verify @good.img --key @k.pem --library foo", 2, "--library 'foo'" },
        { "getpub @k.pem --format bogus", 2, "unknown format 'bogus'" },
        { "keygen -o %k.pem --type rsa", 2, "unknown key type 'rsa'" },

        // devices
        { "list -d garbage", 2, "unknown device 'garbage'" },
        { "list -d foo:bar", 2, "not 'foo'" },
        { "list -d udp:", 2, "no host in 'udp:'" },
        { "list -d udp:127.0.0.1:99999", 2, "bad port in 'udp:127.0.0.1:99999'" },
        { "list -d ble:", 2, "ble: needs a device name or address" },
        { "list --timeout 0.2 --tries 1 -d udp:127.0.0.1:NOWHERE", 5, "no answer from udp:127.0.0.1:" },
        { "upload @good.img " + Quick, 5, "no answer from udp:127.0.0.1:" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputGivesAClearErrorAndChangesNothing(string line, int exitCode, string message)
    {
        var outDir = Directory.CreateTempSubdirectory("fota-bad-out-").FullName;
        var before = Directory.GetFileSystemEntries(files.Dir).Order().ToList();
        try
        {
            var port = FreeUdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var args = line.Split(' ').Select(a => a.StartsWith('@') ? files.P(a[1..]) : a.StartsWith('%') ? Path.Combine(outDir, a[1..]) : a.Replace("NOWHERE", port, StringComparison.Ordinal)).ToArray();
            var (code, _, error) = Fota(args);
            Assert.True(code == exitCode, $"fota {line}: exit {code}, expected {exitCode}: {error}");
            Assert.Contains(new[] { ExitCodes.Failed, ExitCodes.Usage, ExitCodes.NoAnswer }, c => c == code);
            Assert.StartsWith("fota: ", error);
            Assert.Contains(message, error);
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain("unexpected", error);
            Assert.DoesNotContain("Exception", error);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("fota: error", StringComparison.Ordinal) || l.StartsWith("fota: ", StringComparison.Ordinal) && l.Contains("NOT valid", StringComparison.Ordinal));
            Assert.Empty(Directory.GetFileSystemEntries(outDir));
            Assert.Equal(before, Directory.GetFileSystemEntries(files.Dir).Order().ToList());
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
