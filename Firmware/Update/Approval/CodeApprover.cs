using FotaDevice.Update.State;

namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// An attempt to approve a request with the owner code: checks it against the outstanding
    /// challenge and records the outcome. A wrong proof is counted in the boot record before the proof
    /// is checked (as a smart card counts a PIN try), so neither a crash nor a power cut after a wrong
    /// proof gives the try back; a right one clears the count.
    /// </summary>
    internal sealed class CodeApprover
    {
        private const int MaxCount = 255;

        private readonly UpdateContext _context;
        private readonly OwnerApproval _approval;

        public CodeApprover(UpdateContext context, OwnerApproval approval)
        {
            _context = context;
            _approval = approval;
        }

        /// <summary>The reason of the last refused attempt.</summary>
        public string LastMessage { get; private set; }

        /// <summary>
        /// <paramref name="proof"/> (32 bytes at its offset) answers <paramref name="challenge"/> (16
        /// bytes) for <paramref name="action"/> on the image <paramref name="hash"/> names (null: none).
        /// <see cref="UpdateStatus.Ok"/>: that request is approved if asked for within the press time.
        /// </summary>
        public int Attempt(ApprovalAction action, byte[] hash, int hashOffset, byte[] challenge, int challengeOffset, byte[] proof, int proofOffset)
        {
            LastMessage = null;
            OwnerCodeGate gate = _approval.Code;
            if (!gate.HasCode)
            {
                return Fail(UpdateStatus.BadState, "this device has no owner code");
            }

            if (!_approval.CodeAccepted)
            {
                return Fail(UpdateStatus.BadState, "the device's approval policy does not accept the owner code");
            }

            if (action == ApprovalAction.None)
            {
                return Fail(UpdateStatus.InvalidRequest, "no action to approve");
            }

            BootState state = _context.State;
            long wait = gate.WaitMilliseconds(state.CodeFailures);
            if (wait > 0)
            {
                return Fail(UpdateStatus.Busy, "too many wrong owner codes: try again in " + ((wait + 999) / 1000).ToString() + " s");
            }

            if (!gate.IsOutstanding(challenge, challengeOffset))
            {
                return Fail(UpdateStatus.InvalidRequest, "not the outstanding challenge (each answers one attempt): read the FOTA status for a new one");
            }

            int failures = state.CodeFailures;
            state.CodeFailures = failures < MaxCount ? failures + 1 : MaxCount;
            if (!_context.TrySave())
            {
                _context.Reload();
                return Fail(UpdateStatus.StorageError, "could not record the attempt: the code was not checked");
            }

            if (!gate.Check(action, hash, hashOffset, proof, proofOffset))
            {
                _context.Log.Warn("wrong owner code (" + state.CodeFailures.ToString() + " in a row)");
                long next = OwnerCodeGate.DelayMilliseconds(state.CodeFailures);
                return Fail(UpdateStatus.ApprovalRequired, "wrong owner code" + (next > 0 ? ": next attempt in " + (next / 1000).ToString() + " s" : string.Empty));
            }

            state.CodeFailures = 0;
            if (!_context.TrySave())
            {
                _context.Reload(); // the count stays one higher: harmless
            }

            _approval.CodeProved(action, hash, hashOffset);
            _context.Log.Info("owner code proved: " + ApprovalActionNames.Name(action) + " approved if asked for within " + (_approval.Settings.PressMilliseconds / 1000).ToString() + " s");
            return UpdateStatus.Ok;
        }

        private int Fail(int status, string message)
        {
            LastMessage = message;
            return status;
        }
    }
}
