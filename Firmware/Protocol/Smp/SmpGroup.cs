namespace FotaDevice.Protocol.Smp
{
    /// <summary>SMP management group ids (Zephyr <c>enum mcumgr_group_t</c>).</summary>
    public static class SmpGroup
    {
        /// <summary>OS management: echo, reset, parameters, info.</summary>
        public const int Os = 0;

        /// <summary>Image management: state, upload, erase.</summary>
        public const int Image = 1;

        /// <summary>Statistics.</summary>
        public const int Stat = 2;

        /// <summary>Settings (config).</summary>
        public const int Settings = 3;

        /// <summary>Log management (unused by Zephyr).</summary>
        public const int Log = 4;

        /// <summary>Crash (unused by Zephyr).</summary>
        public const int Crash = 5;

        /// <summary>Split image (unused by Zephyr).</summary>
        public const int Split = 6;

        /// <summary>Run-time tests (unused by Zephyr).</summary>
        public const int Run = 7;

        /// <summary>File system.</summary>
        public const int FileSystem = 8;

        /// <summary>Shell.</summary>
        public const int Shell = 9;

        /// <summary>Enumeration of supported groups.</summary>
        public const int Enumeration = 10;

        /// <summary>Zephyr's basic group (storage erase).</summary>
        public const int ZephyrBasic = 63;

        /// <summary>First id of application-defined groups.</summary>
        public const int PerUser = 64;
    }
}
