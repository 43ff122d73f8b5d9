using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// Whether the owner, physically at the device, approves a request now. A request names one action
    /// on one image (by hash): run it on trial, switch to it for good, keep the running trial, erase a
    /// slot, restart a trial. Approval comes from the power-on window (open only at a start the boot
    /// decision took for a power-on, see <see cref="BootPlan.WindowOpens"/>) or from a press of the
    /// button, which approves exactly the request that waits for it. A press with nothing waiting
    /// approves a trial of the image then in the other slot, and nothing else. Any change to a slot
    /// voids what waits for it, and for the rest of its waiting time no other request may wait and a
    /// press approves nothing: a press the owner meant for a request that a stranger voided never
    /// approves the stranger's. Presses arrive only through the platform's <see cref="ApprovalButton"/>.
    /// A proof of the printed owner code (<see cref="OwnerCodeGate"/>) approves the one action on the
    /// one image it names, once, if asked for within the press time. The policy says which of the
    /// three ways count; any one of them approves.
    /// </summary>
    public sealed class OwnerApproval
    {
        /// <summary><see cref="Ask"/>: approved now.</summary>
        internal const int Approved = 0;

        /// <summary><see cref="Ask"/>: the request now waits for a press.</summary>
        internal const int Waiting = 1;

        /// <summary><see cref="Ask"/>: another request waits for the press; this one is refused.</summary>
        internal const int OtherWaiting = 2;

        private const long Never = long.MinValue;

        private static readonly byte[] NoHash = new byte[ApprovalRequest.HashSize];

        private readonly ApprovalSettings _settings;
        private readonly IClock _clock;
        private readonly long _windowMilliseconds;
        private readonly ApprovalRequest _waiting = new ApprovalRequest();
        private readonly ApprovalRequest _pressed = new ApprovalRequest();
        private readonly ApprovalRequest _coded = new ApprovalRequest();
        private readonly OwnerCodeGate _code;
        private long _waitingSince = Never;
        private long _voidedSince = Never;
        private long _pressedAt = Never;
        private long _codedAt = Never;

        /// <summary>Starts the approval state of this start of the device.</summary>
        /// <param name="settings">The policy and times.</param>
        /// <param name="clock">Milliseconds since this start.</param>
        /// <param name="powerOn">True if the whole power-on window opens at this start.</param>
        public OwnerApproval(ApprovalSettings settings, IClock clock, bool powerOn)
        {
            _settings = settings;
            _clock = clock;
            _code = new OwnerCodeGate(settings.OwnerCode, settings.Random, clock);
            _windowMilliseconds = powerOn ? settings.WindowMilliseconds : 0;
        }

        /// <summary>Starts the approval state as the boot decision planned this start (its window, if any).</summary>
        public OwnerApproval(ApprovalSettings settings, IClock clock, BootPlan plan)
        {
            _settings = settings;
            _clock = clock;
            _code = new OwnerCodeGate(settings.OwnerCode, settings.Random, clock);
            long window = 0;
            if (plan.WindowOpens)
            {
                window = settings.WindowMilliseconds;
                if (plan.WindowCarriedSeconds > 0 && plan.WindowCarriedSeconds * 1000L < window)
                {
                    window = plan.WindowCarriedSeconds * 1000L;
                }
            }

            _windowMilliseconds = window;
        }

        /// <summary>The settings in force.</summary>
        public ApprovalSettings Settings
        {
            get { return _settings; }
        }

        /// <summary>True if the device has an owner code and the policy accepts it.</summary>
        public bool CodeAccepted
        {
            get { return _code.HasCode && _settings.Accepts(ApprovalPolicy.CodeOnly); }
        }

        /// <summary>The owner code's challenge, salt and throttle for this start.</summary>
        internal OwnerCodeGate Code
        {
            get { return _code; }
        }

        /// <summary>What a proof of the owner code approved and is still good for (<see cref="ApprovalAction.None"/>: nothing).</summary>
        public ApprovalAction CodeAction
        {
            get { return CodeRemainingMilliseconds > 0 ? _coded.Action : ApprovalAction.None; }
        }

        /// <summary>Milliseconds the approval a proof of the owner code gave is still good for.</summary>
        public long CodeRemainingMilliseconds
        {
            get { return _coded.IsEmpty ? 0 : Left(_codedAt); }
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
                if (!_settings.Accepts(ApprovalPolicy.WindowOnly))
                {
                    return 0;
                }

                long left = _windowMilliseconds - _clock.UptimeMilliseconds;
                return left > 0 ? left : 0;
            }
        }

        /// <summary>True once this start has lived past the window it could have opened (see <see cref="BootPlan.WindowOpens"/>).</summary>
        internal bool PastWindow
        {
            get { return _clock.UptimeMilliseconds >= _settings.WindowMilliseconds; }
        }

        /// <summary>Milliseconds a press made with nothing waiting is still good for a trial of the image it saw.</summary>
        public long PressRemainingMilliseconds
        {
            get { return _pressed.IsEmpty ? 0 : Remaining(_pressedAt); }
        }

        /// <summary>The slot whose image a press made with nothing waiting approved for a trial, or -1.</summary>
        public int PressSlot
        {
            get { return PressRemainingMilliseconds > 0 ? _pressed.Slot : -1; }
        }

        /// <summary>What waits for a press (<see cref="ApprovalAction.None"/> when nothing does).</summary>
        public ApprovalAction WaitingAction
        {
            get { return WaitingRemainingMilliseconds > 0 ? _waiting.Action : ApprovalAction.None; }
        }

        /// <summary>The slot of the request waiting for a press, or -1 (also for a reset, which names no slot).</summary>
        public int WaitingSlot
        {
            get { return WaitingAction == ApprovalAction.None ? -1 : _waiting.Slot; }
        }

        /// <summary>True if the request waiting for a press is a switch for good (no trial).</summary>
        public bool WaitingPermanent
        {
            get { return WaitingAction == ApprovalAction.Permanent; }
        }

        /// <summary>Milliseconds the waiting request still waits for a press.</summary>
        public long WaitingRemainingMilliseconds
        {
            get { return _waiting.IsEmpty ? 0 : Remaining(_waitingSince); }
        }

        /// <summary>Milliseconds during which a voided request still blocks others and a press approves nothing.</summary>
        public long VoidedRemainingMilliseconds
        {
            get { return Remaining(_voidedSince); }
        }

        /// <summary>The hash of the image the waiting request names (all zero for none). Not to be changed.</summary>
        internal byte[] WaitingHash
        {
            get { return WaitingAction == ApprovalAction.None ? NoHash : _waiting.Hash; }
        }

        /// <summary>
        /// Asks for approval of <paramref name="action"/> on the image whose hash is at
        /// <paramref name="hashOffset"/> in <paramref name="hash"/> (null: no image) in
        /// <paramref name="slot"/>. <see cref="Approved"/> if the window is open, or for a trial of
        /// the image a press with nothing waiting saw (the press is used up). Otherwise the request
        /// waits for a press (<see cref="Waiting"/>) — unless another one waits already
        /// (<see cref="OtherWaiting"/>): a request never replaces another, so what a press approves
        /// is what waited first. Asking again for the same image as a trial turns a waiting switch
        /// for good into a trial (never the other way). A proof of the owner code for exactly this
        /// action and image approves it (the proof's approval is used up), whatever waits.
        /// </summary>
        internal int Ask(ApprovalAction action, int slot, byte[] hash, int hashOffset)
        {
            if (WindowOpen)
            {
                if (_waiting.SameTarget(slot, hash, hashOffset))
                {
                    ClearWaiting();
                }

                return Approved;
            }

            if (CodeRemainingMilliseconds > 0 && _coded.Action == action && _coded.SameImage(hash, hashOffset))
            {
                _coded.Clear();
                _codedAt = Never;
                if (_waiting.SameTarget(slot, hash, hashOffset))
                {
                    ClearWaiting();
                }

                return Approved;
            }

            if (action == ApprovalAction.Trial && PressRemainingMilliseconds > 0 && _pressed.SameTarget(slot, hash, hashOffset))
            {
                _pressed.Clear();
                _pressedAt = Never;
                return Approved;
            }

            if (!_settings.Accepts(ApprovalPolicy.ButtonOnly))
            {
                return Waiting; // nothing but a new power-on or the owner code can approve it; nothing is kept
            }

            if (VoidedRemainingMilliseconds > 0)
            {
                return OtherWaiting;
            }

            if (WaitingAction != ApprovalAction.None)
            {
                if (!_waiting.SameTarget(slot, hash, hashOffset))
                {
                    return OtherWaiting;
                }

                if (_waiting.Action == action || (_waiting.Action == ApprovalAction.Permanent && action == ApprovalAction.Trial))
                {
                    _waiting.Set(action, slot, hash, hashOffset);
                    _waitingSince = _clock.UptimeMilliseconds;
                    return Waiting;
                }

                return OtherWaiting;
            }

            _waiting.Set(action, slot, hash, hashOffset);
            _waitingSince = _clock.UptimeMilliseconds;
            return Waiting;
        }

        /// <summary>
        /// The owner pressed the button. If a request waits, it is copied into <paramref name="approved"/>
        /// and true is returned: the caller carries it out. Otherwise false; the caller then binds the
        /// press to the image in the other slot (<see cref="PressedWithNothingWaiting"/>) — unless the
        /// press was meant for a request that was voided (<see cref="VoidedRemainingMilliseconds"/>).
        /// </summary>
        internal bool TakeWaiting(ApprovalRequest approved)
        {
            if (!_settings.Accepts(ApprovalPolicy.ButtonOnly) || WaitingAction == ApprovalAction.None)
            {
                return false;
            }

            approved.CopyFrom(_waiting);
            ClearWaiting();
            return true;
        }

        /// <summary>A press with nothing waiting: a trial of the image in <paramref name="slot"/> (its hash given) is approved for the press time.</summary>
        internal void PressedWithNothingWaiting(int slot, byte[] hash)
        {
            if (!_settings.Accepts(ApprovalPolicy.ButtonOnly) || UseVoidedPress())
            {
                return;
            }

            _pressed.Set(ApprovalAction.Trial, slot, hash, 0);
            _pressedAt = _clock.UptimeMilliseconds;
        }

        /// <summary>
        /// True if a press now was meant for a request that was voided: it approves nothing. The void
        /// lasts the rest of the voided request's waiting time whatever is pressed, so that no request
        /// a stranger asks for after the owner's first press is approved by the owner's next one.
        /// </summary>
        internal bool UseVoidedPress()
        {
            return VoidedRemainingMilliseconds > 0;
        }

        /// <summary>The content of <paramref name="slot"/> changes: what waits for it and a press bound to it are void.</summary>
        internal void SlotChanged(int slot)
        {
            if (_waiting.Slot == slot && WaitingAction != ApprovalAction.None)
            {
                _voidedSince = _waitingSince;
                ClearWaiting();
            }

            if (_pressed.Slot == slot)
            {
                _pressed.Clear();
                _pressedAt = Never;
            }
        }

        /// <summary>
        /// A right proof of the owner code: <paramref name="action"/> on the image <paramref name="hash"/>
        /// names (null: none) is approved if asked for within the press time. It replaces an earlier,
        /// unused one.
        /// </summary>
        internal void CodeProved(ApprovalAction action, byte[] hash, int hashOffset)
        {
            _coded.Set(action, -1, hash, hashOffset);
            _codedAt = _clock.UptimeMilliseconds;
        }

        /// <summary>
        /// What the owner must do to approve a request now, as the policy allows (the reason of an
        /// "approval required" reply).
        /// </summary>
        public string ApprovalHint
        {
            get
            {
                string code = CodeAccepted ? "prove the owner code printed on the device (fota test/confirm --code)" : null;
                string way;
                if (_settings.Accepts(ApprovalPolicy.ButtonOnly))
                {
                    way = "press the button on the device within " + (_settings.PressMilliseconds / 1000).ToString() + " s";
                }
                else if (_settings.Accepts(ApprovalPolicy.WindowOnly))
                {
                    way = "only within " + (_settings.WindowMilliseconds / 1000).ToString() + " s after the device is powered on";
                }
                else
                {
                    way = code == null ? "the policy accepts only the owner code, and this device has none" : code;
                    code = null;
                }

                return "approval required: " + way + (code == null ? string.Empty : ", or " + code);
            }
        }

        /// <summary>Forgets the waiting request.</summary>
        internal void ClearWaiting()
        {
            _waiting.Clear();
            _waitingSince = Never;
        }

        private long Remaining(long since)
        {
            return _settings.Accepts(ApprovalPolicy.ButtonOnly) ? Left(since) : 0;
        }

        private long Left(long since)
        {
            if (since == Never)
            {
                return 0;
            }

            long left = since + _settings.PressMilliseconds - _clock.UptimeMilliseconds;
            return left > 0 ? left : 0;
        }
    }
}
