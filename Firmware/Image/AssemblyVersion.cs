namespace FotaDevice.Image
{
    /// <summary>An assembly version in an app bundle: major.minor.build.revision, u16 each.</summary>
    public sealed class AssemblyVersion
    {
        private readonly int _major;
        private readonly int _minor;
        private readonly int _build;
        private readonly int _revision;

        /// <summary>Creates a version; throws <see cref="System.ArgumentOutOfRangeException"/> for a part outside 0..65535.</summary>
        public AssemblyVersion(int major, int minor, int build, int revision)
        {
            if ((major | minor | build | revision) < 0 || major > 0xffff || minor > 0xffff || build > 0xffff || revision > 0xffff)
            {
                throw new System.ArgumentOutOfRangeException("major", "each part is 0..65535");
            }

            _major = major;
            _minor = minor;
            _build = build;
            _revision = revision;
        }

        /// <summary>Major version.</summary>
        public int Major
        {
            get { return _major; }
        }

        /// <summary>Minor version.</summary>
        public int Minor
        {
            get { return _minor; }
        }

        /// <summary>Build number.</summary>
        public int Build
        {
            get { return _build; }
        }

        /// <summary>Revision.</summary>
        public int Revision
        {
            get { return _revision; }
        }

        /// <summary>Reads four little-endian u16 at <paramref name="offset"/>.</summary>
        public static AssemblyVersion Read(byte[] data, int offset)
        {
            return new AssemblyVersion(
                Binary.LittleEndian.ReadUInt16(data, offset),
                Binary.LittleEndian.ReadUInt16(data, offset + 2),
                Binary.LittleEndian.ReadUInt16(data, offset + 4),
                Binary.LittleEndian.ReadUInt16(data, offset + 6));
        }

        /// <summary>Writes four little-endian u16 at <paramref name="offset"/>.</summary>
        public void Write(byte[] data, int offset)
        {
            Binary.LittleEndian.WriteUInt16(data, offset, _major);
            Binary.LittleEndian.WriteUInt16(data, offset + 2, _minor);
            Binary.LittleEndian.WriteUInt16(data, offset + 4, _build);
            Binary.LittleEndian.WriteUInt16(data, offset + 6, _revision);
        }

        /// <summary>Compares major, minor, build, revision in that order: negative, zero or positive.</summary>
        public int CompareTo(AssemblyVersion other)
        {
            if (_major != other._major)
            {
                return _major - other._major;
            }

            if (_minor != other._minor)
            {
                return _minor - other._minor;
            }

            if (_build != other._build)
            {
                return _build - other._build;
            }

            return _revision - other._revision;
        }

        /// <summary>"major.minor.build.revision".</summary>
        public override string ToString()
        {
            return _major.ToString() + "." + _minor.ToString() + "." + _build.ToString() + "." + _revision.ToString();
        }
    }
}
