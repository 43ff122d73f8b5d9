using FotaDevice.Host.Images;
using FotaDevice.Host.Signing;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;

namespace FotaDevice.Tests.Image;

/// <summary>Small images and bundles for the image tests, built with the host builder.</summary>
internal static class TestImages
{
    public static readonly EcdsaTestSigner Ecdsa = new();
    public static readonly Ed25519TestSigner Ed25519 = new();

    public static byte[] AssemblyA { get; } = Pattern(40, 1);
    public static byte[] AssemblyB { get; } = Pattern(25, 2);

    public static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed * 7)).ToArray();

    /// <summary>A nanoFramework bundle: two assemblies, one requirement.</summary>
    public static byte[] Bundle(int runtime = BundleRuntime.NanoFramework) =>
        new AppBundleBuilder(runtime, "Demo.App.Program.Main")
            .Require("System.Device.Gpio", new AssemblyVersion(1, 1, 0, 0))
            .Add("Demo.App", new AssemblyVersion(1, 2, 3, 4), AssemblyA)
            .Add("Demo.Lib", new AssemblyVersion(2, 0, 0, 0), AssemblyB)
            .Build();

    public static ImageOptions Options(int headerSize = 32) => new()
    {
        Version = new ImageVersion(1, 2, 3, 4),
        SecurityCounter = 7,
        ProductId = "dev-board",
        HeaderSize = headerSize,
    };

    public static byte[] Signed(IImageSigner signer, KeyReference reference = KeyReference.Hash, int headerSize = 32) =>
        ImageBuilder.BuildSigned(Bundle(), Options(headerSize), signer, reference);

    public static KeyRing Ring(params IImageSigner[] signers)
    {
        var ring = new KeyRing();
        foreach (var s in signers)
        {
            ring.Add(s.PublicKeyInfo);
        }

        return ring;
    }

    /// <summary>A validator with both test keys and the host's (independent) signature check.</summary>
    public static ImageValidator Validator(int capacity = 64 * 1024, int runtime = BundleRuntime.NanoFramework) =>
        new(Ring(Ecdsa, Ed25519), capacity, runtime, new HostSignatureVerifier());

    public static ImageValidationResult Validate(ImageValidator v, byte[] image)
    {
        v.Reset();
        v.Feed(image, 0, image.Length);
        return v.Finish();
    }

    public static ImageValidationResult Validate(byte[] image, int runtime = BundleRuntime.NanoFramework) => Validate(Validator(runtime: runtime), image);

    /// <summary>Offsets of the parts of an image: where the protected area, the TLV area and each TLV start.</summary>
    public static ImageDescription Describe(byte[] image) => ImageReader.Read(image);

    public static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
}
