using FotaDevice.Host.Images;
using FotaDevice.Image;
using FotaDevice.Update.Slots;

namespace FotaDevice.Testing.Images;

/// <summary>
/// The real signed MCUboot images the campaigns install and update with, the same bytes in every run:
/// app bundles for this device's product and runtime, versions 1 to 9 with security counters equal to
/// their major version, signed alternately with ECDSA P-256 and Ed25519 (both keys trusted).
/// </summary>
public sealed class CampaignImages
{
    /// <summary>The product the campaign devices are.</summary>
    public const string Product = "campaign-board";

    private static readonly Lazy<CampaignImages> Built = new(() => new CampaignImages());

    private readonly Dictionary<int, byte[]> _byMajor = new();
    private readonly Dictionary<int, byte[]> _hashes = new();

    private CampaignImages()
    {
        var p256 = FixedSigners.EcdsaP256("campaign p-256");
        var ed25519 = FixedSigners.Ed25519("campaign ed25519");
        TrustedKeys = [p256.PublicKeyInfo, ed25519.PublicKeyInfo];
        for (var major = 1; major <= 9; major++)
        {
            var payload = new byte[major == 9 ? 3000 : 4000 + 1200 * major]; // 5 to 11 KiB: two to three 4 KiB flash blocks; the last, 4 KiB
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)(i * 31 + major * 7);
            }

            var bundle = new AppBundleBuilder(BundleRuntime.NanoFramework, "Campaign.App.Start")
                .Add("Campaign.App", new AssemblyVersion(major, 0, 0, 0), payload).Build();
            var options = new ImageOptions { Version = ImageOptions.ParseVersion(major + ".0.0"), SecurityCounter = (uint)major, ProductId = Product };
            _byMajor[major] = ImageBuilder.BuildSigned(bundle, options, major % 2 == 1 ? p256 : ed25519);
            _hashes[major] = HashOf(_byMajor[major]);
        }
    }

    /// <summary>The images, built once per process.</summary>
    public static CampaignImages Instance => Built.Value;

    /// <summary>The public keys the campaign devices trust (SubjectPublicKeyInfo).</summary>
    public byte[][] TrustedKeys { get; }

    /// <summary>The image of version <paramref name="major"/>.0.0 (counter <paramref name="major"/>).</summary>
    public byte[] Version(int major) => _byMajor[major];

    /// <summary>The image hash (SHA256 TLV) of version <paramref name="major"/>.</summary>
    public byte[] ImageHash(int major) => _hashes[major];

    /// <summary>The image's hash as SMP names it (the SHA256 TLV).</summary>
    public static byte[] HashOf(byte[] image) => ImageReader.Read(image).ComputedHash;

    /// <summary>The major version of the campaign image <paramref name="content"/> is exactly, or 0.</summary>
    public int MajorOf(byte[]? content)
    {
        if (content == null)
        {
            return 0;
        }

        foreach (var (major, image) in _byMajor)
        {
            if (image.AsSpan().SequenceEqual(content))
            {
                return major;
            }
        }

        return 0;
    }

    /// <summary>A key ring with <see cref="TrustedKeys"/>.</summary>
    public KeyRing Keys()
    {
        var keys = new KeyRing();
        foreach (var key in TrustedKeys)
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>What makes an image this device's: <see cref="Product"/>, nanoFramework bundles, no libraries needed.</summary>
    public static DeviceIdentity Identity => new(Product, BundleRuntime.NanoFramework, null!);
}
