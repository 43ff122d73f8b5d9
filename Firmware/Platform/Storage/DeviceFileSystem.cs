using System.IO;

namespace FotaDevice.Platform.Storage
{
    /// <summary>The real files: <see cref="File"/>, <see cref="Directory"/> and <see cref="FileStream"/> (the ESP32's <c>I:</c> drive, the virtual device's folder).</summary>
    public sealed class DeviceFileSystem : IFileSystem
    {
        /// <summary>The one instance (it holds nothing).</summary>
        public static readonly DeviceFileSystem Instance = new DeviceFileSystem();

        private DeviceFileSystem()
        {
        }

        /// <inheritdoc/>
        public bool FileExists(string path)
        {
            return File.Exists(path);
        }

        /// <inheritdoc/>
        public void EnsureFolder(string path)
        {
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
            }
        }

        /// <inheritdoc/>
        public Stream Open(string path, FileMode mode, FileAccess access)
        {
            return new FileStream(path, mode, access);
        }
    }
}
