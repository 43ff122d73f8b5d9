using FotaDevice.Image;

namespace FotaDevice.Update.Slots
{
    /// <summary>The libraries deployed on the device (nanoFramework assemblies in its firmware, or the host's on the virtual device).</summary>
    public interface ILibraryCatalog
    {
        /// <summary>The deployed version of the assembly named <paramref name="name"/>, or null if it is not deployed.</summary>
        AssemblyVersion VersionOf(string name);
    }
}
