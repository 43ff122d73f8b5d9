using System.IO;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>
    /// An application slot as a file on the ESP32's internal LittleFS drive (<c>I:\</c>). The
    /// file's length is the slot's length; every append is written and flushed before it returns
    /// (nanoFramework flushes each write to LittleFS), so an interrupted upload resumes after a restart.
    /// </summary>
    public sealed class FileSlot : ISlot
    {
        private readonly string _path;
        private readonly int _capacity;

        /// <summary>Creates the slot over <paramref name="path"/> (created empty if missing).</summary>
        public FileSlot(string path, int capacity)
        {
            _path = path;
            _capacity = capacity;
            if (!File.Exists(path))
            {
                using (FileStream created = new FileStream(path, FileMode.Create, FileAccess.Write))
                {
                    created.Flush();
                }
            }
        }

        /// <inheritdoc/>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <inheritdoc/>
        public int Length
        {
            get
            {
                if (!File.Exists(_path))
                {
                    return 0;
                }

                using (FileStream file = new FileStream(_path, FileMode.Open, FileAccess.Read))
                {
                    return (int)file.Length;
                }
            }
        }

        /// <inheritdoc/>
        public void Erase()
        {
            using (FileStream file = new FileStream(_path, FileMode.Create, FileAccess.Write))
            {
                file.Flush();
            }
        }

        /// <inheritdoc/>
        public void Append(int offset, byte[] data, int dataOffset, int count)
        {
            using (FileStream file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite))
            {
                if (file.Length != offset)
                {
                    throw new IOException("append at " + offset.ToString() + " but the slot holds " + file.Length.ToString() + " bytes");
                }

                if (count > _capacity - offset)
                {
                    throw new IOException("the slot is full");
                }

                file.Seek(offset, SeekOrigin.Begin);
                file.Write(data, dataOffset, count);
                file.Flush();
            }
        }

        /// <inheritdoc/>
        public int Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            using (FileStream file = new FileStream(_path, FileMode.Open, FileAccess.Read))
            {
                if (offset >= file.Length)
                {
                    return 0;
                }

                file.Seek(offset, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int read = file.Read(buffer, bufferOffset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }
        }
    }
}
