namespace FotaDevice.Image
{
    /// <summary>An assembly carried in an app bundle, and where its bytes are in the image.</summary>
    public sealed class BundleAssembly
    {
        private readonly string _name;
        private readonly AssemblyVersion _version;
        private readonly int _offset;
        private readonly int _length;

        /// <summary>Creates an entry of the assembly table.</summary>
        public BundleAssembly(string name, AssemblyVersion version, int offset, int length)
        {
            _name = name;
            _version = version;
            _offset = offset;
            _length = length;
        }

        /// <summary>Assembly name.</summary>
        public string Name
        {
            get { return _name; }
        }

        /// <summary>Assembly version.</summary>
        public AssemblyVersion Version
        {
            get { return _version; }
        }

        /// <summary>Offset of the assembly's bytes from the start of the image.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        /// <summary>Length of the assembly's bytes.</summary>
        public int Length
        {
            get { return _length; }
        }
    }
}
