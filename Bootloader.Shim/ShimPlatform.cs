using FotaDevice.Platform;

namespace FotaDevice.Shim
{
    /// <summary>What the boot shim needs from the platform: storage, time, a log and a way to restart.</summary>
    public sealed class ShimPlatform
    {
        /// <summary>Creates the platform description.</summary>
        public ShimPlatform(ISlot[] slots, IRecordStore records, IClock clock, ILog log, IRebooter rebooter)
        {
            Slots = slots;
            Records = records;
            Clock = clock;
            Log = log;
            Rebooter = rebooter;
        }

        /// <summary>The application slots A and B.</summary>
        public ISlot[] Slots { get; private set; }

        /// <summary>The two boot-state record copies.</summary>
        public IRecordStore Records { get; private set; }

        /// <summary>Milliseconds since start.</summary>
        public IClock Clock { get; private set; }

        /// <summary>Where decisions are reported.</summary>
        public ILog Log { get; private set; }

        /// <summary>Restarts the device.</summary>
        public IRebooter Rebooter { get; private set; }
    }
}
