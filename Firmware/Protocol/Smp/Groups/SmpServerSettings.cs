namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>What the SMP server tells clients about itself and how much it takes.</summary>
    public sealed class SmpServerSettings
    {
        /// <summary>
        /// The default "buf_size": 1220 bytes, header included, is whole ATT payloads (MTU − 3) at the two
        /// MTUs a BLE link mostly has: 5 × 244 at MTU 247 (the largest whose write fits one
        /// data-length-extended LE packet, what phones negotiate) and 61 × 20 at the default MTU 23. A
        /// client that sends requests of buf_size in MTU − 3 writes (as mcumgr-android does) then never
        /// ends a request in a runt write.
        /// </summary>
        public const int DefaultBufferSize = 1220;

        /// <summary>The default "buf_count": 3 requests in flight, so a client keeps buf_count − 1 = 2 in flight while one is handled.</summary>
        public const int DefaultBufferCount = 3;

        /// <summary>Creates the defaults: <see cref="DefaultBufferSize"/>-byte requests, <see cref="DefaultBufferCount"/> in flight, named "fotadevice".</summary>
        public SmpServerSettings()
        {
            BufferSize = DefaultBufferSize;
            BufferCount = DefaultBufferCount;
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
