using System;
using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp
{
    /// <summary>
    /// Cuts a response (header and body) into fragments of at most <see cref="MaxFragmentSize"/>
    /// bytes, one per BLE notification. SMP adds no framing to the fragments.
    /// </summary>
    /// <remarks>
    /// Fragments are handed out as ranges of the response buffer (<see cref="TryGetNext"/>) or
    /// copied into a caller's buffer (<see cref="CopyNext"/>): nothing is allocated per fragment.
    /// <see cref="MaxFragmentSize"/> may change between fragments (when the ATT MTU does). Not
    /// thread-safe.
    /// </remarks>
    public sealed class SmpResponseFragmenter
    {
        /// <summary>The smallest ATT MTU of BLE (23), whose notification payload is 20 bytes.</summary>
        public const int MinimumAttMtu = 23;

        private int _maxFragment;
        private byte[] _data;
        private int _pos;
        private int _end;

        /// <summary>Creates a fragmenter with nothing to send yet.</summary>
        /// <param name="maxFragmentSize">Largest fragment, at least 1 (for BLE, <see cref="PayloadSizeForAttMtu"/>).</param>
        public SmpResponseFragmenter(int maxFragmentSize)
        {
            MaxFragmentSize = maxFragmentSize;
        }

        /// <summary>The payload of one notification for an ATT MTU: MTU − 3 (opcode and handle).</summary>
        /// <param name="attMtu">The negotiated ATT MTU, at least 23.</param>
        /// <returns>Largest fragment that fits one notification.</returns>
        public static int PayloadSizeForAttMtu(int attMtu)
        {
            if (attMtu < MinimumAttMtu)
            {
                throw new ArgumentOutOfRangeException("attMtu", "below the BLE minimum of 23");
            }

            return attMtu - 3;
        }

        /// <summary>Largest fragment in bytes, at least 1.</summary>
        public int MaxFragmentSize
        {
            get { return _maxFragment; }
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value", "must be at least 1");
                }

                _maxFragment = value;
            }
        }

        /// <summary>True while fragments of the current response remain.</summary>
        public bool HasMore
        {
            get { return _pos < _end; }
        }

        /// <summary>Bytes of the current response not yet handed out.</summary>
        public int Remaining
        {
            get { return _end - _pos; }
        }

        /// <summary>Fragments left at the current <see cref="MaxFragmentSize"/>.</summary>
        public int FragmentsLeft
        {
            get { return (_end - _pos + _maxFragment - 1) / _maxFragment; }
        }

        /// <summary>Starts on a response; the array is read, not copied, so keep it unchanged until sent.</summary>
        /// <param name="data">The buffer holding the response.</param>
        /// <param name="offset">Start of the response (its SMP header).</param>
        /// <param name="count">Length of the response.</param>
        public void Start(byte[] data, int offset, int count)
        {
            ArrayRange.Check(data, offset, count, "data");
            _data = data;
            _pos = offset;
            _end = offset + count;
        }

        /// <summary>Drops what is left of the current response.</summary>
        public void Clear()
        {
            _data = null;
            _pos = 0;
            _end = 0;
        }

        /// <summary>Hands out the next fragment as a range of the response buffer.</summary>
        /// <param name="offset">Start of the fragment in the buffer given to <see cref="Start"/>.</param>
        /// <param name="length">Length of the fragment, 1 to <see cref="MaxFragmentSize"/>.</param>
        /// <returns>False (and an empty range) when the response is used up.</returns>
        public bool TryGetNext(out int offset, out int length)
        {
            int left = _end - _pos;
            if (left <= 0)
            {
                offset = _pos;
                length = 0;
                return false;
            }

            length = left < _maxFragment ? left : _maxFragment;
            offset = _pos;
            _pos += length;
            return true;
        }

        /// <summary>Copies the next fragment into <paramref name="destination"/>.</summary>
        /// <param name="destination">Where the fragment goes; needs room for min(<see cref="MaxFragmentSize"/>, <see cref="Remaining"/>) bytes.</param>
        /// <param name="destinationOffset">Where in <paramref name="destination"/>.</param>
        /// <returns>Length of the fragment; 0 when the response is used up.</returns>
        public int CopyNext(byte[] destination, int destinationOffset)
        {
            int left = _end - _pos;
            int length = left < _maxFragment ? left : _maxFragment;
            if (length <= 0)
            {
                return 0;
            }

            if (destination == null)
            {
                throw new ArgumentNullException("destination");
            }

            if (destinationOffset < 0 || destinationOffset > destination.Length - length)
            {
                throw new ArgumentOutOfRangeException("destinationOffset", "no room for the fragment");
            }

            Array.Copy(_data, _pos, destination, destinationOffset, length);
            _pos += length;
            return length;
        }
    }
}
