using System.Security.Cryptography;
using FotaDevice.Host.Images;
using FotaDevice.Host.Signing;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Host.Tests.Images;

public class ImageBuilderTests
{
    private static readonly byte[] Assembly = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    private static byte[] Bundle() => new AppBundleBuilder(BundleRuntime.DotNet, "App.Program.Main")
        .Require("Lib", new AssemblyVersion(1, 0, 0, 0))
        .Add("App", new AssemblyVersion(1, 2, 3, 4), Assembly)
        .Build();

    private static ImageOptions Options() => new()
    {
        Version = ImageOptions.ParseVersion("2.5.7+11"),
        SecurityCounter = 42,
        ProductId = "board-x",
    };

    [Theory]
    [InlineData("1.2.3+4", 1, 2, 3, 4u)]
    [InlineData("1", 1, 0, 0, 0u)]
    [InlineData("1.2", 1, 2, 0, 0u)]
    [InlineData("0.0.0", 0, 0, 0, 0u)]
    [InlineData("255.255.65535+4294967295", 255, 255, 65535, 4294967295u)]
    public void ParsesVersions(string text, int major, int minor, int revision, uint build)
    {
        var v = ImageOptions.ParseVersion(text);
        Assert.Equal((major, minor, revision, build), (v.Major, v.Minor, v.Revision, v.Build));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2+3")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.3+")]
    [InlineData("-1")]
    [InlineData(" 1.2.3")]
    [InlineData("256.0.0")]
    [InlineData("1.256.0")]
    [InlineData("1.2.65536")]
    [InlineData("1.2.3+4294967296")]
    [InlineData("1.2.3+99999999999999999999999")]
    [InlineData("1.٢.3")]
    public void RejectsBadVersions(string text) => Assert.Throws<FormatException>(() => ImageOptions.ParseVersion(text));

    [Fact]
    public void AutoSecurityCounterIsImgtools() => Assert.Equal(0x01020003u, ImageOptions.AutoSecurityCounter(ImageOptions.ParseVersion("1.2.3+4")));

    [Fact]
    public void UnsignedImageLayout()
    {
        var body = Bundle();
        var u = ImageBuilder.Build(body, Options());
        var d = ImageReader.Read(u.Bytes);
        Assert.Equal("2.5.7+11", d.Header.Version.ToString());
        Assert.Equal(32, d.Header.HeaderSize);
        Assert.Equal((uint)body.Length, d.Header.ImageSize);
        Assert.Equal(4 + 8 + 4 + 7, d.Header.ProtectedTlvSize);
        Assert.Equal(42u, d.SecurityCounter);
        Assert.Equal("board-x", d.ProductId);
        Assert.Equal(body, d.Body);
        Assert.Equal(new[] { (TlvArea.Protected, 0x50), (TlvArea.Protected, 0xA1), (TlvArea.Unprotected, 0x10) }, d.Tlvs.Select(t => (t.Area, t.Type)));
        Assert.Equal(SHA256.HashData(u.Bytes.AsSpan(0, d.HashedLength)), u.Digest);
        Assert.True(d.HashMatches);
        Assert.Equal(u.Bytes.Length, d.TotalLength);
        Assert.Equal("App.Program.Main", d.Manifest!.EntryPoint);
        Assert.Equal(Assembly, u.Bytes.AsSpan(d.Manifest.Assemblies[0].Offset, Assembly.Length).ToArray());
    }

    [Fact]
    public void HeaderPaddingIsHashed()
    {
        var options = Options();
        options.HeaderSize = 0x100;
        var ff = ImageBuilder.Build(Bundle(), options);
        Assert.All(ff.Bytes[32..0x100], b => Assert.Equal(0xFF, b));
        options.HeaderPadding = 0;
        var zero = ImageBuilder.Build(Bundle(), options);
        Assert.All(zero.Bytes[32..0x100], b => Assert.Equal(0, b));
        Assert.NotEqual(ff.Digest, zero.Digest);
    }

    [Fact]
    public void RejectsBadOptions()
    {
        Assert.Throws<ArgumentException>(() => ImageBuilder.Build(Bundle(), new ImageOptions { HeaderSize = 31 }));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Build(Bundle(), new ImageOptions { HeaderSize = 4097 }));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Build(Bundle(), new ImageOptions { ProductId = "" }));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Build(Bundle(), new ImageOptions { ProductId = new string('x', 65) }));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Build(Bundle(), new ImageOptions { ProductId = "a\tb" }));
    }

    [Fact]
    public void DetachedEd25519EqualsBuildSignedByteForByte()
    {
        var signer = new Ed25519TestSigner();
        var unsigned = ImageBuilder.Build(Bundle(), Options());
        var signature = signer.SignDigest(unsigned.Digest); // on the "offline machine"
        var attached = ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, signer.PublicKeyInfo, signature);
        Assert.Equal(ImageBuilder.BuildSigned(Bundle(), Options(), signer), attached);

        var d = ImageReader.Read(attached);
        Assert.Equal(new[] { 0x50, 0xA1, 0x10, 0x01, 0x24 }, d.Tlvs.Select(t => t.Type));
        Assert.Equal(SHA256.HashData(signer.PublicKeyInfo), d.Find(ImageFormat.TlvKeyHash)!.Value);
        Assert.Equal(signature, d.Find(ImageFormat.TlvEd25519Signature)!.Value);
        Assert.True(ImageReader.VerifySignature(d, KeyType.Ed25519, signer.PublicKeyInfo));
        Assert.Equal(unsigned.Bytes[..d.HashedLength], attached[..d.HashedLength]);
    }

    [Fact]
    public void DetachedEcdsaVerifies()
    {
        using var signer = new EcdsaTestSigner();
        var unsigned = ImageBuilder.Build(Bundle(), Options());
        var attached = ImageBuilder.Attach(unsigned.Bytes, KeyType.EcdsaP256, signer.PublicKeyInfo, signer.SignDigest(unsigned.Digest));
        var built = ImageBuilder.BuildSigned(Bundle(), Options(), signer);
        foreach (var image in new[] { attached, built })
        {
            var d = ImageReader.Read(image);
            Assert.True(ImageReader.VerifySignature(d, KeyType.EcdsaP256, signer.PublicKeyInfo));
            Assert.Equal(new[] { 0x50, 0xA1, 0x10, 0x01, 0x22 }, d.Tlvs.Select(t => t.Type));
            using var dotnet = ECDsa.Create();
            dotnet.ImportSubjectPublicKeyInfo(signer.PublicKeyInfo, out _);
            Assert.True(dotnet.VerifyData(image.AsSpan(0, d.HashedLength), d.Find(0x22)!.Value, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        var hashed = ImageReader.Read(attached).HashedLength;
        Assert.Equal(attached[..(hashed + 2)], built[..(hashed + 2)]); // header, body, protected TLVs, TLV magic
        Assert.Equal(attached.AsSpan(hashed + 4, 72).ToArray(), built.AsSpan(hashed + 4, 72).ToArray()); // SHA256 and KEYHASH TLVs
    }

    [Fact]
    public void PublicKeyVariant()
    {
        var signer = new Ed25519TestSigner();
        var image = ImageBuilder.BuildSigned(Bundle(), Options(), signer, KeyReference.Full);
        var d = ImageReader.Read(image);
        Assert.Equal(signer.PublicKeyInfo, d.Find(ImageFormat.TlvPublicKey)!.Value);
        Assert.Null(d.Find(ImageFormat.TlvKeyHash));
        Assert.Equal(SHA256.HashData(signer.PublicKeyInfo), d.KeyHash);
        Assert.True(ImageReader.VerifySignature(d, KeyType.Ed25519, signer.PublicKeyInfo));
    }

    [Fact]
    public void AttachRejectsWhatDoesNotVerify()
    {
        var ed = new Ed25519TestSigner();
        using var ecdsa = new EcdsaTestSigner();
        var unsigned = ImageBuilder.Build(Bundle(), Options());
        var edSig = ed.SignDigest(unsigned.Digest);
        var ecSig = ecdsa.SignDigest(unsigned.Digest);

        // Wrong key, wrong key type, flipped signature, signature of another digest.
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, new Ed25519TestSigner().PublicKeyInfo, edSig));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.EcdsaP256, ed.PublicKeyInfo, edSig));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, ecdsa.PublicKeyInfo, ecSig));
        var flipped = (byte[])edSig.Clone();
        flipped[5] ^= 1;
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, ed.PublicKeyInfo, flipped));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, ed.PublicKeyInfo, ed.SignDigest(new byte[32])));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, ed.PublicKeyInfo, edSig[..63]));

        // ECDSA: zero-padded DER (imgtool --pad-sig) and the raw r||s form are refused, though .NET might read them.
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.EcdsaP256, ecdsa.PublicKeyInfo, ecSig.Concat(new byte[] { 0 }).ToArray()));
        var raw = DerToRaw(ecSig);
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes, KeyType.EcdsaP256, ecdsa.PublicKeyInfo, raw));

        // A body changed after the digest was taken, and an image that is already signed.
        var tampered = (byte[])unsigned.Bytes.Clone();
        tampered[40] ^= 1;
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(tampered, KeyType.Ed25519, ed.PublicKeyInfo, edSig));
        var signed = ImageBuilder.Attach(unsigned.Bytes, KeyType.Ed25519, ed.PublicKeyInfo, edSig);
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(signed, KeyType.Ed25519, ed.PublicKeyInfo, edSig));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(unsigned.Bytes.Concat(new byte[1]).ToArray(), KeyType.Ed25519, ed.PublicKeyInfo, edSig));
        Assert.Throws<ArgumentException>(() => ImageBuilder.Attach(new byte[10], KeyType.Ed25519, ed.PublicKeyInfo, edSig));
    }

    [Fact]
    public void SignerGetsACopyOfTheDigest()
    {
        var signer = new MutatingSigner(new Ed25519TestSigner());
        var image = ImageBuilder.BuildSigned(Bundle(), Options(), signer);
        Assert.True(ImageReader.VerifySignature(ImageReader.Read(image), KeyType.Ed25519, signer.PublicKeyInfo));
    }

    [Fact]
    public void ReaderReportsTrailingBytesAndNonBundleBodies()
    {
        var signer = new Ed25519TestSigner();
        var image = ImageBuilder.BuildSigned(new byte[] { 1, 2, 3 }, new ImageOptions(), signer);
        var d = ImageReader.Read(image.Concat(new byte[100]).ToArray());
        Assert.Equal(100, d.TrailingBytes);
        Assert.Null(d.Manifest);
        Assert.Contains("manifest", d.ManifestError);
        Assert.Null(d.SecurityCounter);
        Assert.Equal(ImageError.Truncated, Assert.Throws<ImageException>(() => ImageReader.Read(image[..^1])).Error);
        Assert.Equal(ImageError.BadMagic, Assert.Throws<ImageException>(() => ImageReader.Read(new byte[64])).Error);
        Assert.Equal("0x00b0", TlvNames.Name(0xB0));
        Assert.Equal("ECDSA_SIG", TlvNames.Name(0x22));
    }

    private static byte[] DerToRaw(byte[] der)
    {
        var raw = new byte[64];
        DerSignature.Decode(der, 0, der.Length, raw, 0);
        return raw;
    }

    private sealed class MutatingSigner(IImageSigner inner) : IImageSigner
    {
        public KeyType KeyType => inner.KeyType;

        public byte[] PublicKeyInfo => inner.PublicKeyInfo;

        public byte[] SignDigest(byte[] digest)
        {
            var signature = inner.SignDigest(digest);
            Array.Clear(digest);
            return signature;
        }
    }
}
