using System;
using FotaDevice.Platform;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;
using FotaDevice.Update.Switching;
using FotaDevice.Update.Upload;

namespace FotaDevice.Update
{
    /// <summary>
    /// The device's update service, behind every transport: upload into the inactive slot, image
    /// state, test/confirm (owner approval), erase, restart, and the app's confirmation. Created once
    /// per start from the boot decision's result. Presses reach it only through the
    /// <see cref="ApprovalButton"/> it is given. Every call is serialized: a transport thread, the
    /// button and the app may call at once.
    /// </summary>
    public sealed class UpdateEngine
    {
        private readonly object _sync = new object();
        private readonly UpdateContext _context;
        private readonly OwnerApproval _approval;
        private readonly Uploader _uploader;
        private readonly SwitchController _switches;
        private readonly CodeApprover _codes;
        private readonly IRebooter _rebooter;
        private readonly UploadRequest _request = new UploadRequest();

        /// <summary>Creates the service for this start.</summary>
        /// <param name="slots">The application slots (A, B).</param>
        /// <param name="store">The boot-state store the decision loaded.</param>
        /// <param name="state">The boot state as the decision left it.</param>
        /// <param name="plan">The decision: which slot runs, whether on trial, whether a power-on.</param>
        /// <param name="verifier">Checks a slot from storage.</param>
        /// <param name="approval">The owner's approval for this start.</param>
        /// <param name="button">The platform's approval button: the engine takes its presses.</param>
        /// <param name="clock">Milliseconds since start.</param>
        /// <param name="rebooter">Restarts the device.</param>
        /// <param name="log">Where to say what happens.</param>
        public UpdateEngine(ISlot[] slots, BootStateStore store, BootState state, BootPlan plan, ISlotVerifier verifier,
            OwnerApproval approval, ApprovalButton button, IClock clock, IRebooter rebooter, ILog log)
        {
            if (button == null)
            {
                throw new ArgumentNullException("button");
            }

            if (slots == null || slots.Length != BootRecordCodec.SlotCount)
            {
                throw new ArgumentException("two slots are needed", "slots");
            }

            SlotCatalog catalog = new SlotCatalog(verifier, slots, state);
            if (plan.Image != null)
            {
                catalog.Remember(plan.RunSlot, plan.Image);
            }

            _context = new UpdateContext(slots, store, state, plan.RunSlot, catalog, approval, log);
            _approval = approval;
            _uploader = new Uploader(_context, clock);
            _switches = new SwitchController(_context, approval);
            _codes = new CodeApprover(_context, approval);
            _rebooter = rebooter;
            button.Attach(this, new PressHandler(Pressed));
        }

        /// <summary>The slot whose app runs, or -1.</summary>
        public int RunningSlot
        {
            get { return _context.RunningSlot; }
        }

        /// <summary>The slot uploads go to.</summary>
        public int InactiveSlot
        {
            get { return _context.InactiveSlot; }
        }

        /// <summary>True while the running app is on trial and must confirm itself.</summary>
        public bool RunningOnTrial
        {
            get
            {
                lock (_sync)
                {
                    return _context.RunningOnTrial;
                }
            }
        }

        /// <summary>The owner's approval state (window, press, waiting switch).</summary>
        public OwnerApproval Approval
        {
            get { return _approval; }
        }

        /// <summary>The message of the last refused test, confirm, erase or reset.</summary>
        public string LastMessage
        {
            get { return _switches.LastMessage; }
        }

        /// <summary>The reason of the last refused <see cref="ApproveWithCode"/>.</summary>
        public string CodeMessage
        {
            get { return _codes.LastMessage; }
        }

        /// <summary>
        /// A client proves the owner code for <paramref name="action"/> on the image whose hash is at
        /// <paramref name="hashOffset"/> in <paramref name="hash"/> (null: none), answering the
        /// challenge of <see cref="CodeChallenge"/>. <see cref="UpdateStatus.Ok"/>: that request is
        /// approved when it is made (within the press time). See <see cref="CodeMessage"/> otherwise.
        /// </summary>
        public int ApproveWithCode(ApprovalAction action, byte[] hash, int hashOffset, byte[] challenge, int challengeOffset, byte[] proof, int proofOffset)
        {
            lock (_sync)
            {
                SettleWindow();
                return _codes.Attempt(action, hash, hashOffset, challenge, challengeOffset, proof, proofOffset);
            }
        }

        /// <summary>
        /// A copy of the owner code's outstanding challenge (made now if none is), or null when the
        /// device has no code or its policy does not accept it.
        /// </summary>
        public byte[] CodeChallenge()
        {
            lock (_sync)
            {
                return _approval.CodeAccepted ? (byte[])_approval.Code.Challenge().Clone() : null;
            }
        }

        /// <summary>Milliseconds before the device takes another owner-code attempt (wrong ones in a row make it wait).</summary>
        public long CodeWaitMilliseconds
        {
            get
            {
                lock (_sync)
                {
                    return _approval.Code.WaitMilliseconds(_context.State.CodeFailures);
                }
            }
        }

        /// <summary>Wrong owner-code proofs in a row (kept across restarts).</summary>
        public int CodeFailures
        {
            get { return _context.State.CodeFailures; }
        }

        /// <summary>Handles one upload chunk (see <see cref="Uploader"/>); the reply is reused by the next call.</summary>
        /// <param name="client">Identifies the client (its connection); one client uploads at a time.</param>
        /// <param name="offset">Offset of this chunk in the image.</param>
        /// <param name="data">Array holding the chunk.</param>
        /// <param name="dataOffset">Where the chunk starts in <paramref name="data"/>.</param>
        /// <param name="count">Chunk length.</param>
        /// <param name="declaredLength">Total image length on the first chunk, else -1.</param>
        /// <param name="sha">Array holding the image's SHA-256 if the client gave it, else null.</param>
        /// <param name="shaOffset">Where the SHA-256 starts in <paramref name="sha"/>.</param>
        public UploadReply Upload(object client, int offset, byte[] data, int dataOffset, int count, int declaredLength, byte[] sha, int shaOffset)
        {
            return Upload(client, offset, data, dataOffset, count, declaredLength, sha, shaOffset, BootState.ShaSize);
        }

        /// <summary>As the other overload, with a "sha" of <paramref name="shaLength"/> bytes (1..32, as Zephyr takes it).</summary>
        /// <param name="client">Identifies the client (its connection).</param>
        /// <param name="offset">Offset of this chunk in the image.</param>
        /// <param name="data">Array holding the chunk.</param>
        /// <param name="dataOffset">Where the chunk starts in <paramref name="data"/>.</param>
        /// <param name="count">Chunk length.</param>
        /// <param name="declaredLength">Total image length on the first chunk, else -1.</param>
        /// <param name="sha">Array holding the client's "sha", else null.</param>
        /// <param name="shaOffset">Where it starts in <paramref name="sha"/>.</param>
        /// <param name="shaLength">Its length: 32 for the image's whole SHA-256; shorter names the upload only.</param>
        public UploadReply Upload(object client, int offset, byte[] data, int dataOffset, int count, int declaredLength, byte[] sha, int shaOffset, int shaLength)
        {
            lock (_sync)
            {
                SettleWindow();
                return _uploader.Chunk(_request.Set(client, offset, data, dataOffset, count, declaredLength, sha, shaOffset, shaLength));
            }
        }

        /// <summary>
        /// Handles one upload request (see <see cref="Uploader"/>): one inspection, then one action. The
        /// reply to the last chunk says whether the stored image matches its SHA-256, hashed as it
        /// arrived; the signature check follows (<see cref="FinishChecks"/>). The reply is reused by the next call.
        /// </summary>
        public UploadReply Upload(UploadRequest request)
        {
            lock (_sync)
            {
                SettleWindow();
                return _uploader.Chunk(request);
            }
        }

        /// <summary>
        /// Concludes the check of an image whose last byte arrived: the signature (one verify) and the
        /// device's own checks, then seals and records the verdict. The transport calls it right after
        /// the reply to the last chunk is out; any other call of the engine that needs the verdict
        /// concludes it first. Does nothing when no verdict is pending.
        /// </summary>
        public void FinishChecks()
        {
            lock (_sync)
            {
                ConcludePending();
            }
        }

        private void ConcludePending()
        {
            int slot = _context.Catalog.ConcludePending();
            if (slot < 0)
            {
                return;
            }

            SlotVerdict verdict = _context.Catalog.Get(slot);
            if (verdict.Bootable)
            {
                _context.Log.Info("received version " + verdict.VersionText + " into slot " + BootDecision.SlotName(slot) + ": hash and signature verified");
            }
            else
            {
                _context.Log.Warn("received an image into slot " + BootDecision.SlotName(slot) + " that fails its check: " + verdict.Reason);
            }

            if (!_context.TrySave())
            {
                _context.Reload(); // the seal is not kept: the next start checks the slot in full
            }
        }

        /// <summary>
        /// A client's test or confirm of an image by hash, or its confirm of the running image (hash
        /// null, permanent true). Every switch, and a confirm of a running trial, needs the owner's
        /// approval (<see cref="UpdateStatus.ApprovalRequired"/> until then; the request then waits
        /// for a press).
        /// </summary>
        public int Switch(byte[] hash, int hashOffset, bool permanent)
        {
            lock (_sync)
            {
                Settle();
                return _switches.Switch(hash, hashOffset, permanent);
            }
        }

        /// <summary>The running app confirms itself: it works, keep it (no approval: the app is the maker's).</summary>
        public int ConfirmRunning()
        {
            lock (_sync)
            {
                ConcludePending();
                return _switches.ConfirmRunning();
            }
        }

        /// <summary>
        /// A client asks to empty a slot that is neither running nor confirmed: needs the owner's
        /// approval, and is refused while another client's upload writes it.
        /// </summary>
        public int Erase(object client, int slot)
        {
            lock (_sync)
            {
                Settle();
                int status = _switches.Erase(slot, _uploader.IsBusyFor(client, slot));
                if (status == UpdateStatus.Ok && _context.State.UploadSlot == BootState.NoSlot)
                {
                    _uploader.Abandon();
                }

                return status;
            }
        }

        /// <summary>
        /// A client asks for a restart (SMP reset). <see cref="UpdateStatus.Ok"/>: the caller restarts
        /// with <see cref="Reboot"/> once its reply is out. Refused (<see cref="UpdateStatus.Busy"/>)
        /// during another client's upload, while another request waits for the owner's press, and while the
        /// owner code's wait runs with no approved switch waiting (a restart would start the wait again); a
        /// restart that reverts the running trial needs approval (the device then restarts itself on the press).
        /// </summary>
        public int RequestReset(object client)
        {
            lock (_sync)
            {
                Settle();
                return _switches.MayReset(_uploader.IsBusyFor(client));
            }
        }

        /// <summary>
        /// Lets the engine do its timed work; the platform calls it every few seconds: once this start
        /// has lived past the approval window, record it, so that the next start taken for a power-on
        /// may open the window again; sync an upload whose client went quiet. Harmless from anyone.
        /// </summary>
        public void Tick()
        {
            lock (_sync)
            {
                Settle();
                _uploader.Sync(false); // an upload whose client went quiet: its tail reaches the slot's file
            }
        }

        /// <summary>
        /// A client's connection ended (the transport says so): what its upload stored so far is synced
        /// now, so that nothing it was told is stored waits in RAM for a client that may never come back.
        /// </summary>
        public void ClientLeft(object client)
        {
            lock (_sync)
            {
                _uploader.Sync(true);
            }
        }

        private void Pressed()
        {
            bool reset;
            lock (_sync)
            {
                Settle();
                reset = _switches.Pressed();
            }

            if (reset)
            {
                Reboot();
            }
        }

        /// <summary>What every call that reads or acts on a verdict does first: the window's bookkeeping, a pending verdict.</summary>
        private void Settle()
        {
            SettleWindow();
            ConcludePending();
        }

        private void SettleWindow()
        {
            if (_context.State.WindowArmed && _approval.PastWindow)
            {
                _context.State.WindowArmed = false;
                if (!_context.TrySave())
                {
                    _context.Reload();
                }
            }
        }

        /// <summary>
        /// Restarts the device as its own decision (SMP reset, end of an update). The restart is
        /// recorded first so that it never opens the power-on window (an open one keeps what is left
        /// of it, unless this restart carries out a switch); if it cannot be recorded the device does
        /// not restart and <see cref="UpdateStatus.StorageError"/> is returned.
        /// </summary>
        public int Reboot()
        {
            lock (_sync)
            {
                _context.State.SoftReboot = true;
                // A restart does not close an open window (a stranger's reset would take the owner's), except the
                // one that carries out a switch: the end of the owner's update.
                _context.State.WindowLeftSeconds = _context.State.PendingSlot == BootState.NoSlot ? (int)(_approval.WindowRemainingMilliseconds / 1000) : 0;
                if (!_context.TrySave())
                {
                    _context.Reload();
                    return UpdateStatus.StorageError;
                }

                _uploader.Sync(true); // an upload's tail in RAM is not lost by the restart
                _context.Log.Info("restarting");
            }

            _rebooter.Reboot();
            return UpdateStatus.Ok;
        }

        /// <summary>
        /// The last check of a slot (computed once — from its seal when it has one — then kept until the
        /// slot changes); while an upload writes the slot, a verdict that says so, without any pass over it.
        /// </summary>
        public SlotVerdict SlotImage(int slot)
        {
            lock (_sync)
            {
                ConcludePending();
                return _context.Catalog.Get(slot);
            }
        }

        /// <summary>True if <paramref name="slot"/> will be switched to at the next start.</summary>
        public bool IsPending(int slot)
        {
            return _context.State.PendingSlot == slot;
        }

        /// <summary>True if the pending switch to <paramref name="slot"/> is permanent.</summary>
        public bool IsPermanent(int slot)
        {
            return _context.State.PendingSlot == slot && _context.State.PendingPermanent;
        }

        /// <summary>True if <paramref name="slot"/> holds the confirmed image (the one the device goes back to).</summary>
        public bool IsConfirmed(int slot)
        {
            return _context.State.ConfirmedSlot == slot;
        }

        /// <summary>True if the image in <paramref name="slot"/> failed its trial.</summary>
        public bool IsRejected(int slot)
        {
            return _context.State.IsRejected(slot);
        }

        /// <summary>Bytes of the upload in progress stored so far, and its declared length (0 when none).</summary>
        public int UploadedBytes
        {
            get
            {
                int slot = _context.State.UploadSlot;
                return slot == BootState.NoSlot ? 0 : _context.Slots[slot].Length;
            }
        }

        /// <summary>Declared length of the upload in progress (0 when none).</summary>
        public int UploadLength
        {
            get { return _context.State.UploadSlot == BootState.NoSlot ? 0 : _context.State.UploadLength; }
        }

        /// <summary>The capacity of the slot uploads go to, in bytes.</summary>
        public int SlotCapacity
        {
            get { return _context.Slots[_context.InactiveSlot].Capacity; }
        }

        /// <summary>The anti-rollback counter.</summary>
        public uint SecurityCounter
        {
            get { return _context.State.SecurityCounter; }
        }
    }
}
