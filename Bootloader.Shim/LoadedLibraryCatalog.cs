using System;
using System.Reflection;
using FotaDevice.Image;
using FotaDevice.Update.Slots;

namespace FotaDevice.Shim
{
    /// <summary>
    /// The libraries the device has: the assemblies the runtime can load by name (on the ESP32, those
    /// deployed with the firmware), with their assembly versions.
    /// </summary>
    public sealed class LoadedLibraryCatalog : ILibraryCatalog
    {
        /// <inheritdoc/>
        public AssemblyVersion VersionOf(string name)
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(name);
            }
            catch (Exception)
            {
                return null;
            }

            if ((object)assembly == null)
            {
                return null;
            }

            Version version = assembly.GetName().Version;
            return new AssemblyVersion(version.Major, version.Minor, version.Build < 0 ? 0 : version.Build, version.Revision < 0 ? 0 : version.Revision);
        }
    }
}
