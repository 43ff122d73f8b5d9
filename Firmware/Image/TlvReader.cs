namespace FotaDevice.Image
{
    /// <summary>
    /// Walks the entries of one TLV area held in a byte array: an info header
    /// <c>{u16 magic, u16 tlv_tot}</c> then entries <c>{u16 type, u16 len, value}</c>, never
    /// reading outside the area. Reusable: <see cref="Open"/> starts over without allocating.
    /// </summary>
    public sealed class TlvReader
    {
        private byte[] _data;
        private int _end;
        private int _position;
        private int _type;
        private int _valueOffset;
        private int _length;

        /// <summary>
        /// Starts reading an area of exactly <paramref name="areaSize"/> bytes at
        /// <paramref name="offset"/>. Throws <see cref="ImageException"/> if the info header's magic
        /// is not <paramref name="expectedMagic"/> or its <c>tlv_tot</c> is not <paramref name="areaSize"/>.
        /// </summary>
        public void Open(byte[] data, int offset, int areaSize, int expectedMagic)
        {
            if (areaSize < ImageFormat.TlvHeaderSize)
            {
                throw new ImageException(ImageError.BadTlvAreaSize, "TLV area of " + areaSize.ToString() + " bytes has no room for its info header");
            }

            int magic = Binary.LittleEndian.ReadUInt16(data, offset);
            if (magic != expectedMagic)
            {
                throw new ImageException(ImageError.BadTlvMagic, "TLV area magic 0x" + magic.ToString("x4") + ", expected 0x" + expectedMagic.ToString("x4"));
            }

            int total = Binary.LittleEndian.ReadUInt16(data, offset + 2);
            if (total != areaSize)
            {
                throw new ImageException(ImageError.BadTlvAreaSize, "TLV area 0x" + magic.ToString("x4") + " says " + total.ToString() + " bytes, expected " + areaSize.ToString());
            }

            _data = data;
            _end = offset + areaSize;
            _position = offset + ImageFormat.TlvHeaderSize;
            _type = -1;
            _valueOffset = 0;
            _length = 0;
        }

        /// <summary>
        /// Moves to the next entry. Returns false at the end of the area; throws
        /// <see cref="ImageException"/> (<see cref="ImageError.MalformedTlv"/>) if an entry's header
        /// or value runs past the end.
        /// </summary>
        public bool Next()
        {
            if (_position == _end)
            {
                return false;
            }

            if (_end - _position < ImageFormat.TlvHeaderSize)
            {
                throw new ImageException(ImageError.MalformedTlv, "TLV area ends inside an entry header");
            }

            int type = Binary.LittleEndian.ReadUInt16(_data, _position);
            int length = Binary.LittleEndian.ReadUInt16(_data, _position + 2);
            int value = _position + ImageFormat.TlvHeaderSize;
            if (length > _end - value)
            {
                throw new ImageException(ImageError.MalformedTlv, "TLV 0x" + type.ToString("x4") + " of " + length.ToString() + " bytes runs past the end of its area");
            }

            _type = type;
            _length = length;
            _valueOffset = value;
            _position = value + length;
            return true;
        }

        /// <summary>Type of the current entry.</summary>
        public int Type
        {
            get { return _type; }
        }

        /// <summary>Offset of the current entry's value in the array.</summary>
        public int ValueOffset
        {
            get { return _valueOffset; }
        }

        /// <summary>Length of the current entry's value.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Offset of the current entry's header in the array.</summary>
        public int EntryOffset
        {
            get { return _valueOffset - ImageFormat.TlvHeaderSize; }
        }
    }
}
