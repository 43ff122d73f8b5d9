using System.Security.Cryptography;
using FotaDevice.Host.Keys;
using FotaDevice.Host.Signing;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Keys;

/// <summary>Keys in the forms OpenSSL and imgtool write, and public keys checked as a device needs them.</summary>
public sealed class KeyFormatTests : IDisposable
{
    private const string Passphrase = "secret";
    private static readonly string Vectors = Path.Combine(AppContext.BaseDirectory, "Vectors", "keys");
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("p256-ecparam.pem", "p256-pub.pem")]             // EC PARAMETERS block first
    [InlineData("p256-scrypt.pem", "p256-pub.pem")]              // PKCS#8, PBES2 with scrypt
    [InlineData("p256-sec1-aes256.pem", "p256-pub.pem")]         // SEC1 with legacy PEM encryption
    [InlineData("p256-sec1-des3.pem", "p256-pub.pem")]
    [InlineData("p256-pub-compressed.pem", "p256-pub.pem")]      // a compressed point
    [InlineData("ed25519-scrypt.pem", "ed25519-pub.pem")]
    [InlineData("ed25519.pem", "ed25519-pub.pem")]
    public void OpenSslFormsGiveThePublicKeyTheDeviceTakes(string file, string publicFile)
    {
        var expected = System.Security.Cryptography.PemEncoding.Find(File.ReadAllText(V(publicFile)));
        var expectedDer = Convert.FromBase64String(File.ReadAllText(V(publicFile))[expected.Base64Data]);
        Assert.Equal(expectedDer, PublicKeyFile.Load(V(file), Passphrase).SubjectPublicKeyInfo);
    }

    [Theory]
    [InlineData("p256-ecparam.pem")]
    [InlineData("p256-scrypt.pem")]
    [InlineData("p256-sec1-aes256.pem")]
    [InlineData("ed25519-scrypt.pem")]
    public void OpenSslPrivateKeysSignImagesTheirPublicKeysVerify(string file)
    {
        File.WriteAllText(P("pass.txt"), Passphrase + "\n");
        var app = P("app");
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "demo-apps", "v1", "DemoApp.dll"), Path.Combine(app, "DemoApp.dll"), overwrite: true);
        var (code, _, error) = Fota("pack", app, "-o", P("a.img"), "--version", "1.0.0", "--key", V(file), "--passphrase-file", P("pass.txt"), "--product", "p", "--security-counter", "1");
        Assert.True(code == 0, error);
        var publicFile = file.StartsWith("ed25519", StringComparison.Ordinal) ? "ed25519-pub.pem" : "p256-pub-compressed.pem";
        Assert.Equal(0, Fota("verify", P("a.img"), "--key", V(publicFile)).Code);
    }

    [Theory]
    [InlineData("p256-scrypt.pem")]
    [InlineData("p256-sec1-aes256.pem")]
    [InlineData("p256-sec1-des3.pem")]
    [InlineData("ed25519-scrypt.pem")]
    public void AWrongOrMissingPassphraseIsSaidSo(string file)
    {
        Assert.Contains("wrong passphrase", Assert.Throws<KeyFileException>(() => SigningKey.Load(V(file), "wrong")).Message);
        Assert.Contains("is encrypted: give its passphrase", Assert.Throws<KeyFileException>(() => SigningKey.Load(V(file))).Message);
    }

    [Fact]
    public void OtherCurvesAreNamed()
    {
        var e = Assert.Throws<KeyFileException>(() => SigningKey.Load(V("p384-ecparam.pem")));
        Assert.Contains("EC PARAMETERS for P-384 (secp384r1); only P-256 (prime256v1) is supported", e.Message);
    }

    [Fact]
    public void AP256KeyOffTheCurveIsRefusedByGetpub()
    {
        var spki = PublicKeyFile.Load(V("p256-pub.pem")).SubjectPublicKeyInfo;
        spki[^1] ^= 0x01; // y no longer matches x
        File.WriteAllText(P("off.pem"), PemEncoding.WriteString("PUBLIC KEY", spki));
        var (code, output, error) = Fota("getpub", P("off.pem"));
        Assert.Equal(1, code);
        Assert.Contains("the P-256 public key is not a point of the curve", error);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, Fota("verify", P("off.pem"), "--key", P("off.pem")).Code);
    }

    [Theory]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // y >= p: not canonical
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")] // the identity: small order
    public void AnEd25519KeyThatIsNoUsablePointIsRefused(string hex)
    {
        File.WriteAllText(P("bad.pem"), PemEncoding.WriteString("PUBLIC KEY", PublicKeyFile.Ed25519Spki(Convert.FromHexString(hex))));
        var e = Assert.Throws<KeyFileException>(() => PublicKeyFile.Load(P("bad.pem")));
        Assert.Contains("the Ed25519 public key is not a valid point of the curve", e.Message);
    }

    [Fact]
    public void ImgtoolKeysStillLoad()
    {
        var imgtool = Path.Combine(AppContext.BaseDirectory, "imgtool");
        Assert.Equal(KeyType.EcdsaP256, PublicKeyFile.Load(Path.Combine(imgtool, "ecdsa-p256.pem")).KeyType);
        Assert.Equal(KeyType.Ed25519, PublicKeyFile.Load(Path.Combine(imgtool, "ed25519.pem")).KeyType);
    }

    private static string V(string name) => Path.Combine(Vectors, name);

    private string P(string name) => Path.Combine(_dir, name);
}
