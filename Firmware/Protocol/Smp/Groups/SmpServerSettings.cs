namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>What the SMP server tells clients about itself and how much it takes.</summary>
    public sealed class SmpServerSettings
    {
        /// <summary>Creates the defaults: 2048-byte requests, one at a time, named "FotaDevice".</summary>
        public SmpServerSettings()
        {
            BufferSize = 2048;
            BufferCount = 1;
            DeviceName = "fotadevice";
            Machine = "esp32";
            Release = "1.0";
        }

        /// <summary>The largest request accepted, header included (MCUmgr parameters "buf_size").</summary>
        public int BufferSize { get; set; }

        /// <summary>How many requests may be in flight ("buf_count").</summary>
        public int BufferCount { get; set; }

        /// <summary>The node name OS info reports (format letter n).</summary>
        public string DeviceName { get; set; }

        /// <summary>The machine OS info reports (format letter m).</summary>
        public string Machine { get; set; }

        /// <summary>The release OS info reports (format letter r).</summary>
        public string Release { get; set; }

        /// <summary>The device's RAM log, served as group 65 (<see cref="LogGroup"/>); null serves none.</summary>
        public FotaDevice.Platform.Logging.RingLog Log { get; set; }
    }
}
