using FotaDevice.Platform;
using FotaDevice.Update.Approval;

namespace FotaDevice.Shim
{
    /// <summary>What the boot shim needs from the platform: storage, time, a log, a way to restart and the owner's button.</summary>
    public sealed class ShimPlatform
    {
        /// <summary>Creates the platform description.</summary>
        public ShimPlatform(ISlot[] slots, IRecordStore records, IClock clock, ILog log, IRebooter rebooter, ApprovalButton button)
        {
            Button = button;
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

        /// <summary>The owner's approval button; the platform's button adapter presses it, the update service takes the presses.</summary>
        public ApprovalButton Button { get; private set; }

        /// <summary>Restarts the device.</summary>
        public IRebooter Rebooter { get; private set; }
    }
}
