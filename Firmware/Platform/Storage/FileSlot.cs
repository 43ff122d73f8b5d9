using System;
using System.IO;

namespace FotaDevice.Platform.Storage
{
    /// <summary>
    /// An application slot as one file: on the ESP32 on its LittleFS drive <c>I:</c>, on the
    /// virtual device in its state folder. The file's length is the slot's length.
    /// </summary>
    /// <remarks>
    /// Shaped for flash: the file stays open while the slot is written, appends are gathered into
    /// a block buffer (4 KiB by default, the usual flash erase size) and written and synced one
    /// whole block at a time, so an upload costs about one erase per block instead of several per
    /// chunk. Bytes still in the buffer are lost by a power cut, exactly as if they had never been
    /// sent: after a restart the slot's length is what reached the file, and an upload resumes from
    /// there. <see cref="Flush"/>, and a read that reaches bytes still in the buffer, write out the
    /// buffer first; a read of whole blocks already written (an upload's check as the image arrives)
    /// leaves the buffer alone. The length is kept in memory; the file is opened
    /// once per write or read session, not once per call. The slots of a device can share one
    /// <see cref="WriteBlock"/> (only one is written at a time).
    /// </remarks>
    public sealed class FileSlot : ISlot
    {
        /// <summary>The default block: what is written and synced at a time.</summary>
        public const int DefaultBlockSize = 4096;

        private readonly IFileSystem _files;
        private readonly string _path;
        private readonly int _capacity;
        private readonly WriteBlock _block;
        private Stream _file;
        private int _stored;
        private int _buffered;

        /// <summary>Creates the slot over <paramref name="path"/> (created empty if missing) with 4 KiB blocks.</summary>
        public FileSlot(string path, int capacity)
            : this(path, capacity, DefaultBlockSize)
        {
        }

        /// <summary>Creates the slot over <paramref name="path"/> (created empty if missing), writing <paramref name="blockSize"/> bytes at a time.</summary>
        public FileSlot(string path, int capacity, int blockSize)
            : this(DeviceFileSystem.Instance, path, capacity, new WriteBlock(blockSize))
        {
        }

        /// <summary>Creates the slot over <paramref name="path"/> (created empty if missing), gathering appends in <paramref name="block"/>, which other slots may share.</summary>
        public FileSlot(string path, int capacity, WriteBlock block)
            : this(DeviceFileSystem.Instance, path, capacity, block)
        {
        }

        /// <summary>Creates the slot over <paramref name="path"/> of <paramref name="files"/> (created empty if missing), gathering appends in <paramref name="block"/>, which other slots may share.</summary>
        public FileSlot(IFileSystem files, string path, int capacity, WriteBlock block)
        {
            if (capacity <= 0)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }

            if (block == null)
            {
                throw new ArgumentNullException("block");
            }

            _files = files;
            _path = path;
            _capacity = capacity;
            _block = block;
            Stream file = Open(files.FileExists(path) ? FileMode.Open : FileMode.Create);
            long length = file.Length;
            Close();
            _stored = length > capacity ? capacity : (int)length;
        }

        /// <inheritdoc/>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <inheritdoc/>
        public int Length
        {
            get { return _stored + _buffered; }
        }

        /// <summary>How many times the file was opened (for diagnostics and tests).</summary>
        public int Opens { get; private set; }

        /// <summary>How many times written data was synced to storage (for diagnostics and tests).</summary>
        public int Syncs { get; private set; }

        /// <inheritdoc/>
        public void Erase()
        {
            _buffered = 0;
            Close();
            Open(FileMode.Create).Flush();
            Syncs++;
            Close();
            _stored = 0;
        }

        /// <inheritdoc/>
        public void Append(int offset, byte[] data, int dataOffset, int count)
        {
            if (offset != Length)
            {
                throw new IOException("append at " + offset.ToString() + " but the slot holds " + Length.ToString() + " bytes");
            }

            if (count > _capacity - offset)
            {
                throw new IOException("the slot is full");
            }

            if (_block.Owner != this)
            {
                if (_block.Owner != null)
                {
                    _block.Owner.Flush(); // the other slot's bytes go to its file before the block changes hands
                }

                _block.Owner = this;
            }

            byte[] block = _block.Bytes;
            while (count > 0)
            {
                // Blocks end at multiples of the block size in the file: after a flush at an odd length
                // (a client that stopped) the next block is shorter, and the ones after it align again.
                int room = block.Length - (_stored + _buffered) % block.Length;
                int take = count < room ? count : room;
                Array.Copy(data, dataOffset, block, _buffered, take);
                _buffered += take;
                dataOffset += take;
                count -= take;
                if ((_stored + _buffered) % block.Length == 0)
                {
                    Flush();
                }
            }
        }

        /// <inheritdoc/>
        /// <remarks>Writes out and syncs what the block buffer holds; the file stays open for more.</remarks>
        public void Flush()
        {
            if (_buffered == 0)
            {
                return;
            }

            Stream file = Current();
            file.Seek(_stored, SeekOrigin.Begin);
            file.Write(_block.Bytes, 0, _buffered);
            file.Flush();
            Syncs++;
            _stored += _buffered;
            _buffered = 0;
        }

        /// <inheritdoc/>
        public int Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (count > 0 && offset + count > _stored)
            {
                Flush(); // the range reaches bytes still in the block buffer: they are read back from the file
            }

            if (offset >= _stored || count <= 0)
            {
                return 0;
            }

            if (count > _stored - offset)
            {
                count = _stored - offset;
            }

            Stream file = Current();
            file.Seek(offset, SeekOrigin.Begin);
            return StreamReads.Fully(file, buffer, bufferOffset, count);
        }

        /// <summary>Writes out the buffer and closes the file (it reopens on the next use).</summary>
        public void Close()
        {
            Flush(); // also when the file is not open: appends since the last write wait in the block
            if (_file == null)
            {
                return;
            }

            _file.Dispose();
            _file = null;
        }

        private Stream Current()
        {
            return _file != null ? _file : Open(FileMode.Open);
        }

        private Stream Open(FileMode mode)
        {
            _file = _files.Open(_path, mode, FileAccess.ReadWrite);
            Opens++;
            return _file;
        }
    }
}
