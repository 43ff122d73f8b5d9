using System;
using System.IO;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>
    /// The two boot-state record copies as two small files on <c>I:\</c>. A write replaces one file;
    /// a power cut may leave it torn, which the record's CRC shows. No rename is relied on.
    /// </summary>
    public sealed class FileRecordStore : IRecordStore
    {
        private readonly string _folder;

        /// <summary>Creates the store in <paramref name="folder"/> (e.g. <c>I:\fota</c>).</summary>
        public FileRecordStore(string folder)
        {
            _folder = folder;
        }

        /// <inheritdoc/>
        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            string path = PathOf(copy);
            try
            {
                if (!File.Exists(path))
                {
                    return 0;
                }

                using (FileStream file = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    return file.Read(buffer, offset, count);
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
            using (FileStream file = new FileStream(PathOf(copy), FileMode.Create, FileAccess.Write))
            {
                file.Write(data, offset, count);
                file.Flush();
            }
        }

        private string PathOf(int copy)
        {
            return _folder + "\\boot-state-" + copy.ToString() + ".bin";
        }
    }
}
