namespace FotaDevice.Image
{
    /// <summary>A library an app bundle needs the device to have already, at a minimum version.</summary>
    public sealed class BundleRequirement
    {
        private readonly string _name;
        private readonly AssemblyVersion _minimumVersion;

        /// <summary>Creates a requirement.</summary>
        public BundleRequirement(string name, AssemblyVersion minimumVersion)
        {
            _name = name;
            _minimumVersion = minimumVersion;
        }

        /// <summary>Assembly name.</summary>
        public string Name
        {
            get { return _name; }
        }

        /// <summary>Lowest acceptable version.</summary>
        public AssemblyVersion MinimumVersion
        {
            get { return _minimumVersion; }
        }
    }
}
