using FotaDevice.Platform;

namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// Whether the owner, physically at the device, approves a switch now. Approval comes from
    /// the power-on window (open only when this start was a power-on, never after a reboot the
    /// device made itself) or from a press of the button. A press approves one switch: it is used
    /// up by it. Only the platform's button adapter calls <see cref="ButtonPressed"/>; nothing
    /// received over a transport can reach it.
    /// </summary>
    public sealed class OwnerApproval
    {
        private const long Never = long.MinValue;

        private readonly ApprovalSettings _settings;
        private readonly IClock _clock;
        private readonly bool _powerOn;
        private long _pressedAt = Never;
        private long _requestedAt = Never;
        private int _requestedSlot = -1;
        private bool _requestedPermanent;

        /// <summary>Starts the approval state of this start of the device.</summary>
        /// <param name="settings">The policy and times.</param>
        /// <param name="clock">Milliseconds since this start.</param>
        /// <param name="powerOn">True if the boot decision took this start for a power-on.</param>
        public OwnerApproval(ApprovalSettings settings, IClock clock, bool powerOn)
        {
            _settings = settings;
            _clock = clock;
            _powerOn = powerOn;
        }

        /// <summary>The settings in force.</summary>
        public ApprovalSettings Settings
        {
            get { return _settings; }
        }

        /// <summary>True while the power-on window is open and the policy accepts it.</summary>
        public bool WindowOpen
        {
            get { return WindowRemainingMilliseconds > 0; }
        }

        /// <summary>Milliseconds left in the power-on window (0 when closed or not accepted by the policy).</summary>
        public long WindowRemainingMilliseconds
        {
            get
            {
                if (!_powerOn || _settings.Policy == ApprovalPolicy.ButtonOnly)
                {
                    return 0;
                }

                long left = _settings.WindowMilliseconds - _clock.UptimeMilliseconds;
                return left > 0 ? left : 0;
            }
        }

        /// <summary>Milliseconds a press is still good for (0 when there is none or the policy ignores presses).</summary>
        public long PressRemainingMilliseconds
        {
            get { return Remaining(_pressedAt); }
        }

        /// <summary>The slot of a switch waiting for a press, or -1.</summary>
        public int WaitingSlot
        {
            get { return Remaining(_requestedAt) > 0 ? _requestedSlot : -1; }
        }

        /// <summary>True if the switch waiting for a press is permanent (confirm) rather than a trial (test).</summary>
        public bool WaitingPermanent
        {
            get { return _requestedPermanent; }
        }

        /// <summary>Milliseconds a waiting switch still waits for a press.</summary>
        public long WaitingRemainingMilliseconds
        {
            get { return Remaining(_requestedAt); }
        }

        /// <summary>
        /// Asks for approval of a switch now. True if the window is open or an unused press is still
        /// good; a press is used up by it. False otherwise: the switch is then remembered as waiting
        /// for a press (see <see cref="ButtonPressed"/>).
        /// </summary>
        public bool TryApprove(int slot, bool permanent)
        {
            if (WindowOpen)
            {
                ClearWaiting();
                return true;
            }

            if (PressRemainingMilliseconds > 0)
            {
                _pressedAt = Never;
                ClearWaiting();
                return true;
            }

            _requestedAt = _clock.UptimeMilliseconds;
            _requestedSlot = slot;
            _requestedPermanent = permanent;
            return false;
        }

        /// <summary>
        /// The owner pressed the button. Returns true if a switch was waiting for it: the press is then
        /// used by that switch (the caller carries it out, see <see cref="WaitingSlot"/> read before the call).
        /// Otherwise the press stays good for the next switch requested within the press time.
        /// </summary>
        public bool ButtonPressed()
        {
            if (_settings.Policy == ApprovalPolicy.WindowOnly)
            {
                return false;
            }

            if (WaitingSlot >= 0)
            {
                ClearWaiting();
                _pressedAt = Never;
                return true;
            }

            _pressedAt = _clock.UptimeMilliseconds;
            return false;
        }

        /// <summary>Forgets a waiting switch (the slot was written again, or the switch happened another way).</summary>
        public void ClearWaiting()
        {
            _requestedAt = Never;
            _requestedSlot = -1;
            _requestedPermanent = false;
        }

        private long Remaining(long since)
        {
            if (since == Never || _settings.Policy == ApprovalPolicy.WindowOnly)
            {
                return 0;
            }

            long left = since + _settings.PressMilliseconds - _clock.UptimeMilliseconds;
            return left > 0 ? left : 0;
        }
    }
}
