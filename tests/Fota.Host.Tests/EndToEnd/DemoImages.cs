using FotaDevice.Host.Images;
using FotaDevice.Host.Signing;
using FotaDevice.Image;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>Signed images of the demo app (v1, v2 good; v3 throws at start) for the end-to-end tests.</summary>
internal static class DemoImages
{
    /// <summary>An image of the demo app's <paramref name="flavor"/> with this version, counter and product, padded by a dummy assembly.</summary>
    public static byte[] Build(IImageSigner signer, string version, uint counter, string product = "virtual-device", int padding = 0, string flavor = "v2")
    {
        var dll = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "demo-apps", flavor, "DemoApp.dll"));
        var bundle = new AppBundleBuilder(BundleRuntime.DotNet, "DemoApp.App.Start").Add("DemoApp", new AssemblyVersion((int)counter, 0, 0, 0), dll);
        if (padding > 0)
        {
            bundle.Add("Padding", new AssemblyVersion(1, 0, 0, 0), new byte[padding]);
        }

        var options = new ImageOptions { Version = ImageOptions.ParseVersion(version), SecurityCounter = counter, ProductId = product };
        return ImageBuilder.BuildSigned(bundle.Build(), options, signer);
    }
}
