namespace FotaDevice.Image
{
    /// <summary>
    /// The 32-byte MCUboot image header (docs/image-format.md §1), read and checked against
    /// FotaDevice's limits. An instance can be re-read for each image without allocating.
    /// </summary>
    public sealed class ImageHeader
    {
        private readonly ImageVersion _version = new ImageVersion();
        private uint _loadAddress;
        private int _headerSize;
        private int _protectedTlvSize;
        private uint _imageSize;
        private uint _flags;

        /// <summary><c>ih_load_addr</c> (ignored by FotaDevice).</summary>
        public uint LoadAddress
        {
            get { return _loadAddress; }
        }

        /// <summary><c>ih_hdr_size</c>: bytes from the start of the image to the body.</summary>
        public int HeaderSize
        {
            get { return _headerSize; }
        }

        /// <summary><c>ih_protect_tlv_size</c>: size of the protected TLV area, info header included; 0 if none.</summary>
        public int ProtectedTlvSize
        {
            get { return _protectedTlvSize; }
        }

        /// <summary><c>ih_img_size</c>: size of the body.</summary>
        public uint ImageSize
        {
            get { return _imageSize; }
        }

        /// <summary><c>ih_flags</c>.</summary>
        public uint Flags
        {
            get { return _flags; }
        }

        /// <summary>The image version.</summary>
        public ImageVersion Version
        {
            get { return _version; }
        }

        /// <summary>Offset of the protected TLV area (or of the TLV area if there is none): header + body.</summary>
        public long ProtectedTlvOffset
        {
            get { return (long)_headerSize + _imageSize; }
        }

        /// <summary>Offset of the unprotected TLV area, which is also the length of the hashed range.</summary>
        public long TlvOffset
        {
            get { return (long)_headerSize + _imageSize + _protectedTlvSize; }
        }

        /// <summary>
        /// Reads and checks a header from 32 bytes at <paramref name="offset"/>: magic, header size,
        /// protected TLV size, flags. Throws <see cref="ImageException"/> for a bad header.
        /// Sizes against a slot are checked by the caller (see <see cref="CheckFits"/>).
        /// </summary>
        public void Read(byte[] data, int offset)
        {
            uint magic = Binary.LittleEndian.ReadUInt32(data, offset);
            _loadAddress = Binary.LittleEndian.ReadUInt32(data, offset + 4);
            _headerSize = Binary.LittleEndian.ReadUInt16(data, offset + 8);
            _protectedTlvSize = Binary.LittleEndian.ReadUInt16(data, offset + 10);
            _imageSize = Binary.LittleEndian.ReadUInt32(data, offset + 12);
            _flags = Binary.LittleEndian.ReadUInt32(data, offset + 16);
            _version.Read(data, offset + 20);

            if (magic != ImageFormat.HeaderMagic)
            {
                throw new ImageException(ImageError.BadMagic, "bad image magic 0x" + magic.ToString("x8") + ", expected 0x96f3b83d");
            }

            if (_headerSize < ImageFormat.HeaderSize || _headerSize > ImageFormat.MaxHeaderSize)
            {
                throw new ImageException(ImageError.BadHeaderSize, "header size " + _headerSize.ToString() + " is outside 32..4096");
            }

            if (_protectedTlvSize != 0 && (_protectedTlvSize < ImageFormat.TlvHeaderSize || _protectedTlvSize > ImageFormat.MaxProtectedTlvSize))
            {
                throw new ImageException(ImageError.BadProtectedTlvSize, "protected TLV size " + _protectedTlvSize.ToString() + " is not 0 and outside 4..1024");
            }

            if (_flags != 0)
            {
                throw new ImageException(ImageError.BadFlags, "header flags 0x" + _flags.ToString("x8") + " (" + ImageFormat.FlagNames(_flags)
                    + ") are not supported: FotaDevice takes plain images (not encrypted, not compressed, bootable, no RAM load)");
            }
        }

        /// <summary>
        /// Checks that the image fits in <paramref name="capacity"/> bytes, counting at least the
        /// smallest TLV area (its info header), and that the body is at least
        /// <paramref name="minimumBodySize"/> bytes. Throws <see cref="ImageException"/>.
        /// </summary>
        public void CheckFits(long capacity, int minimumBodySize)
        {
            long least = TlvOffset + ImageFormat.TlvHeaderSize;
            if (least > capacity)
            {
                throw new ImageException(ImageError.TooLarge, "image needs at least " + least.ToString() + " bytes, only " + capacity.ToString() + " available");
            }

            if (_imageSize < (uint)minimumBodySize)
            {
                throw new ImageException(ImageError.BodyTooSmall, "image body of " + _imageSize.ToString() + " bytes is below the minimum of " + minimumBodySize.ToString());
            }
        }

        /// <summary>A copy of this header.</summary>
        public ImageHeader Clone()
        {
            ImageHeader copy = new ImageHeader();
            copy.CopyFrom(this);
            return copy;
        }

        private void CopyFrom(ImageHeader other)
        {
            _loadAddress = other._loadAddress;
            _headerSize = other._headerSize;
            _protectedTlvSize = other._protectedTlvSize;
            _imageSize = other._imageSize;
            _flags = other._flags;
            byte[] v = new byte[8];
            other._version.Write(v, 0);
            _version.Read(v, 0);
        }

        /// <summary>
        /// Writes a header: magic, load address 0, the given sizes, flags 0, the version and
        /// <c>_pad1</c> 0 into 32 bytes at <paramref name="offset"/>.
        /// </summary>
        public static void Write(byte[] data, int offset, int headerSize, int protectedTlvSize, uint imageSize, ImageVersion version)
        {
            Binary.LittleEndian.WriteUInt32(data, offset, ImageFormat.HeaderMagic);
            Binary.LittleEndian.WriteUInt32(data, offset + 4, 0);
            Binary.LittleEndian.WriteUInt16(data, offset + 8, headerSize);
            Binary.LittleEndian.WriteUInt16(data, offset + 10, protectedTlvSize);
            Binary.LittleEndian.WriteUInt32(data, offset + 12, imageSize);
            Binary.LittleEndian.WriteUInt32(data, offset + 16, 0);
            version.Write(data, offset + 20);
            Binary.LittleEndian.WriteUInt32(data, offset + 28, 0);
        }
    }
}
