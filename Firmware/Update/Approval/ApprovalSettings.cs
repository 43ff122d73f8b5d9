namespace FotaDevice.Update.Approval
{
    /// <summary>Owner-approval settings of a device.</summary>
    public sealed class ApprovalSettings
    {
        /// <summary>Creates the defaults: either approval, 90 s window after power-on, a press is good for 60 s.</summary>
        public ApprovalSettings()
        {
            Policy = ApprovalPolicy.Either;
            WindowMilliseconds = 90000;
            PressMilliseconds = 60000;
        }

        /// <summary>Which kind of approval counts.</summary>
        public ApprovalPolicy Policy { get; set; }

        /// <summary>How long after a power-on a switch is approved without a press.</summary>
        public int WindowMilliseconds { get; set; }

        /// <summary>
        /// How long a press stays good for a switch requested after it, and how long a switch
        /// requested without approval waits for a press.
        /// </summary>
        public int PressMilliseconds { get; set; }
    }
}
