using System.Reflection;
using FotaDevice.Image;
using FotaDevice.Update.Slots;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// The libraries the virtual device "has": the assemblies its own process can load (the device
/// firmware library, the .NET runtime), with their assembly versions.
/// </summary>
public sealed class HostLibraryCatalog : ILibraryCatalog
{
    public AssemblyVersion? VersionOf(string name)
    {
        try
        {
            var version = Assembly.Load(new AssemblyName(name)).GetName().Version;
            return version == null
                ? null
                : new AssemblyVersion(version.Major, version.Minor, Math.Max(0, version.Build), Math.Max(0, version.Revision));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
