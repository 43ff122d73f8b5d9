using FotaDevice.Platform;

namespace FotaDevice.Update.Approval
{
    /// <summary>Owner-approval settings of a device.</summary>
    public sealed class ApprovalSettings
    {
        /// <summary>Creates the defaults: button or window, 90 s window after power-on, a press is good for 60 s, no owner code.</summary>
        public ApprovalSettings()
        {
            Policy = ApprovalPolicy.Either;
            WindowMilliseconds = 90000;
            PressMilliseconds = 60000;
        }

        /// <summary>Which kinds of approval count.</summary>
        public ApprovalPolicy Policy { get; set; }

        /// <summary>How long after a power-on a switch is approved without a press.</summary>
        public int WindowMilliseconds { get; set; }

        /// <summary>
        /// How long a press stays good for a switch requested after it, how long a switch requested
        /// without approval waits for a press, and how long a proof of the owner code stays good for
        /// the request it names.
        /// </summary>
        public int PressMilliseconds { get; set; }

        /// <summary>
        /// The device's owner code as it stores it (salt and derived key, from <c>fota code new</c>), or
        /// null: no code. It counts only if <see cref="Policy"/> holds <see cref="ApprovalPolicy.CodeOnly"/>.
        /// </summary>
        public OwnerCodeKey OwnerCode { get; set; }

        /// <summary>Where the owner code's challenges come from (needed with <see cref="OwnerCode"/>).</summary>
        public IRandomSource Random { get; set; }

        /// <summary>True if the policy holds <paramref name="way"/> (one of the single-way values).</summary>
        public bool Accepts(ApprovalPolicy way)
        {
            return ((int)Policy & (int)way) != 0;
        }
    }
}
