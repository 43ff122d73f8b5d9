using System;
using System.IO;

namespace FotaDevice.Platform.Storage
{
    /// <summary>
    /// The two boot-state record copies as two small files in one folder (<c>I:\fota</c> on the
    /// ESP32). A write replaces one file and syncs it; a power cut may leave it torn or empty, which
    /// the record's checksum shows, and the other copy still holds the previous state. No rename is
    /// relied on.
    /// </summary>
    public sealed class FileRecordStore : IRecordStore
    {
        private readonly IFileSystem _files;
        private readonly string _folder;

        /// <summary>Creates the store in <paramref name="folder"/> (created if missing).</summary>
        public FileRecordStore(string folder)
            : this(DeviceFileSystem.Instance, folder)
        {
        }

        /// <summary>Creates the store in <paramref name="folder"/> of <paramref name="files"/> (created if missing).</summary>
        public FileRecordStore(IFileSystem files, string folder)
        {
            _files = files;
            _folder = folder;
            files.EnsureFolder(folder);
        }

        /// <inheritdoc/>
        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            string path = PathOf(copy);
            try
            {
                if (!_files.FileExists(path))
                {
                    return 0;
                }

                using (Stream file = _files.Open(path, FileMode.Open, FileAccess.Read))
                {
                    return StreamReads.Fully(file, buffer, offset, count);
                }
            }
            catch (Exception)
            {
                return 0; // an unreadable copy is just not valid
            }
        }

        /// <inheritdoc/>
        public void Write(int copy, byte[] data, int offset, int count)
        {
            using (Stream file = _files.Open(PathOf(copy), FileMode.Create, FileAccess.Write))
            {
                file.Write(data, offset, count);
                file.Flush();
            }
        }

        private string PathOf(int copy)
        {
            return Path.Combine(_folder, "boot-state-" + copy.ToString() + ".bin");
        }
    }
}
