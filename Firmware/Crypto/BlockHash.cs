using System;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// The Merkle–Damgård frame SHA-256 and SHA-512 share (FIPS 180-4 §5.1): message blocks
    /// buffered in fixed memory, full blocks compressed straight from the caller's array, padding
    /// with 0x80, zeros and the bit count. Subclasses give the compression function and the state.
    /// Hashing allocates nothing. An instance is not thread-safe.
    /// </summary>
    public abstract class BlockHash
    {
        private readonly byte[] _buffer;
        private readonly int _blockSize;
        private readonly int _lengthFieldSize;
        private readonly int _hashSize;
        private int _buffered;
        private long _length;

        /// <summary>Creates the frame for blocks of <paramref name="blockSize"/> bytes.</summary>
        /// <param name="blockSize">64 for SHA-256, 128 for SHA-512.</param>
        /// <param name="lengthFieldSize">Bytes of the bit count at the end of the padding: 8 or 16.</param>
        /// <param name="hashSize">Bytes of the digest.</param>
        protected BlockHash(int blockSize, int lengthFieldSize, int hashSize)
        {
            _buffer = new byte[blockSize];
            _blockSize = blockSize;
            _lengthFieldSize = lengthFieldSize;
            _hashSize = hashSize;
        }

        /// <summary>Total number of bytes fed since the last reset.</summary>
        public long Length
        {
            get { return _length; }
        }

        /// <summary>Starts a new message, forgetting anything fed so far.</summary>
        public void Reset()
        {
            ResetState();
            _buffered = 0;
            _length = 0;
        }

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);
            _length += count;
            int blockSize = _blockSize;
            if (_buffered > 0)
            {
                int take = blockSize - _buffered;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _buffer, _buffered, take);
                _buffered += take;
                offset += take;
                count -= take;
                if (_buffered < blockSize)
                {
                    return;
                }

                Compress(_buffer, 0);
                _buffered = 0;
            }

            while (count >= blockSize)
            {
                Compress(data, offset);
                offset += blockSize;
                count -= blockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _buffer, 0, count);
                _buffered = count;
            }
        }

        /// <summary>
        /// Completes the message, writes the digest to <paramref name="output"/> at
        /// <paramref name="offset"/> and resets for a new message.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The digest does not fit.</exception>
        public void Final(byte[] output, int offset)
        {
            CheckRange(output, offset, _hashSize);
            byte[] buffer = _buffer;
            int blockSize = _blockSize;
            int n = _buffered;
            buffer[n++] = 0x80;
            if (n > blockSize - _lengthFieldSize)
            {
                Array.Clear(buffer, n, blockSize - n);
                Compress(buffer, 0);
                n = 0;
            }

            // The big-endian bit count. The byte count is a long, so of a 128-bit field only the
            // low 64 bits and the 3 bits shifted out of them can be non-zero.
            Array.Clear(buffer, n, blockSize - 8 - n);
            ulong low = (ulong)_length << 3;
            for (int i = 0; i < 8; i++)
            {
                buffer[blockSize - 1 - i] = (byte)(low >> (8 * i));
            }

            if (_lengthFieldSize == 16)
            {
                buffer[blockSize - 9] = (byte)((ulong)_length >> 61);
            }

            Compress(buffer, 0);
            WriteDigest(output, offset);
            Reset();
        }

        /// <summary>Sets the initial hash value.</summary>
        protected abstract void ResetState();

        /// <summary>Compresses the block at <paramref name="offset"/> into the state.</summary>
        protected abstract void Compress(byte[] block, int offset);

        /// <summary>Writes the state, big-endian, as the digest.</summary>
        protected abstract void WriteDigest(byte[] output, int offset);

        /// <summary>Copies the buffered bytes and the length into <paramref name="target"/> (the subclass copies its state).</summary>
        protected void CopyFrameTo(BlockHash target)
        {
            Array.Copy(_buffer, target._buffer, _blockSize);
            target._buffered = _buffered;
            target._length = _length;
        }

        internal static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset", "range outside the array");
            }
        }
    }
}
