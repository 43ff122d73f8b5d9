using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>The runtimes on the command line: nano, dotnet, none.</summary>
internal static class Runtimes
{
    /// <summary>The <see cref="BundleRuntime"/> for "nano", "dotnet" or "none".</summary>
    public static int Parse(string text) => text switch
    {
        "nano" or "nanoframework" => BundleRuntime.NanoFramework,
        "dotnet" or ".net" => BundleRuntime.DotNet,
        "none" => BundleRuntime.None,
        _ => throw new CliException($"unknown runtime '{text}' (nano, dotnet or none)", ExitCodes.Usage),
    };

    /// <summary>The runtime of the image's app bundle; nanoFramework (a real device) when the body is not a bundle.</summary>
    public static int Of(byte[] image)
    {
        try
        {
            return ImageReader.Read(image).Manifest?.Runtime ?? BundleRuntime.NanoFramework;
        }
        catch (ImageException)
        {
            return BodyRuntime(image) ?? BundleRuntime.NanoFramework; // the device's checks say what is wrong
        }
    }

    /// <summary>
    /// The runtime of the bundle in the body of an image whose TLVs cannot be read (a file cut short), so
    /// it is checked for the device it was made for and the verdict names what is wrong, not the runtime.
    /// </summary>
    private static int? BodyRuntime(byte[] image)
    {
        if (image.Length < ImageFormat.HeaderSize)
        {
            return null;
        }

        try
        {
            var header = new ImageHeader();
            header.Read(image, 0);
            if (header.HeaderSize + (long)header.ImageSize > image.Length)
            {
                return null;
            }

            var available = (int)Math.Min(header.ImageSize, AppBundleManifest.MaxSize);
            return AppBundleManifest.Parse(image, header.HeaderSize, available, header.ImageSize, BundleRuntime.None, header.HeaderSize).Runtime;
        }
        catch (Exception e) when (e is ImageException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>"nano", "dotnet" or "none".</summary>
    public static string Id(int runtime) => runtime switch
    {
        BundleRuntime.NanoFramework => "nano",
        BundleRuntime.DotNet => "dotnet",
        _ => "none",
    };

    /// <summary>A device of the runtime, for people: "a nanoFramework device".</summary>
    public static string Device(int runtime) => runtime switch
    {
        BundleRuntime.NanoFramework => "a nanoFramework device",
        BundleRuntime.DotNet => "a .NET device (the virtual device)",
        _ => "MCUboot (the body is not checked)",
    };
}
