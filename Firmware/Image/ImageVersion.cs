namespace FotaDevice.Image
{
    /// <summary>An MCUboot image version: major.minor.revision+build (u8, u8, u16, u32).</summary>
    public sealed class ImageVersion
    {
        private int _major;
        private int _minor;
        private int _revision;
        private uint _build;

        /// <summary>Creates 0.0.0+0.</summary>
        public ImageVersion()
        {
        }

        /// <summary>Creates a version; throws <see cref="System.ArgumentOutOfRangeException"/> for a part out of range.</summary>
        public ImageVersion(int major, int minor, int revision, uint build)
        {
            if (major < 0 || major > 255)
            {
                throw new System.ArgumentOutOfRangeException("major", "0..255");
            }

            if (minor < 0 || minor > 255)
            {
                throw new System.ArgumentOutOfRangeException("minor", "0..255");
            }

            if (revision < 0 || revision > 65535)
            {
                throw new System.ArgumentOutOfRangeException("revision", "0..65535");
            }

            _major = major;
            _minor = minor;
            _revision = revision;
            _build = build;
        }

        /// <summary>Major version, 0..255.</summary>
        public int Major
        {
            get { return _major; }
        }

        /// <summary>Minor version, 0..255.</summary>
        public int Minor
        {
            get { return _minor; }
        }

        /// <summary>Revision, 0..65535.</summary>
        public int Revision
        {
            get { return _revision; }
        }

        /// <summary>Build number.</summary>
        public uint Build
        {
            get { return _build; }
        }

        /// <summary>Reads the 8 version bytes of a header (u8 major, u8 minor, u16 revision, u32 build).</summary>
        public void Read(byte[] data, int offset)
        {
            _major = data[offset];
            _minor = data[offset + 1];
            _revision = Binary.LittleEndian.ReadUInt16(data, offset + 2);
            _build = Binary.LittleEndian.ReadUInt32(data, offset + 4);
        }

        /// <summary>Writes the 8 version bytes of a header.</summary>
        public void Write(byte[] data, int offset)
        {
            data[offset] = (byte)_major;
            data[offset + 1] = (byte)_minor;
            Binary.LittleEndian.WriteUInt16(data, offset + 2, _revision);
            Binary.LittleEndian.WriteUInt32(data, offset + 4, _build);
        }

        /// <summary>
        /// Compares with another version: major, then minor, then revision, then build.
        /// Returns a negative number, zero or a positive number.
        /// </summary>
        public int CompareTo(ImageVersion other)
        {
            if (_major != other._major)
            {
                return _major - other._major;
            }

            if (_minor != other._minor)
            {
                return _minor - other._minor;
            }

            if (_revision != other._revision)
            {
                return _revision - other._revision;
            }

            if (_build != other._build)
            {
                return _build < other._build ? -1 : 1;
            }

            return 0;
        }

        /// <summary>A copy of this version.</summary>
        public ImageVersion Clone()
        {
            return new ImageVersion(_major, _minor, _revision, _build);
        }

        /// <summary>The version as imgtool takes it: "1.2.3+4", or "1.2.3" when the build number is 0.</summary>
        public override string ToString()
        {
            string text = _major.ToString() + "." + _minor.ToString() + "." + _revision.ToString();
            return _build == 0 ? text : text + "+" + _build.ToString();
        }
    }
}
