using System.IO;

namespace FotaDevice.Platform.Storage
{
    /// <summary>
    /// The few file-system calls the storage adapters (<see cref="FileSlot"/>, <see cref="FileRecordStore"/>)
    /// make: on the device and the virtual device the real files (<see cref="DeviceFileSystem"/>); in the
    /// reliability campaigns a file system that cuts the power under the adapters, so the shipped
    /// adapter code is what gets cut.
    /// </summary>
    public interface IFileSystem
    {
        /// <summary>True if the file at <paramref name="path"/> exists.</summary>
        bool FileExists(string path);

        /// <summary>Creates the folder at <paramref name="path"/> if it is missing.</summary>
        void EnsureFolder(string path);

        /// <summary>Opens the file at <paramref name="path"/> as <see cref="FileStream"/> would (<see cref="FileMode.Create"/> empties it).</summary>
        Stream Open(string path, FileMode mode, FileAccess access);
    }
}
