using FotaDevice.Binary;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Update.Switching
{
    /// <summary>
    /// Switching between images, the one thing that needs the owner: SMP "test" (try once after the
    /// next reboot) and "confirm" (switch for good) of the other slot, confirming the running trial
    /// image, erasing the inactive slot, and the button. Before a switch the image is checked again
    /// from what reads back from its slot, and against the running image's version and the device's
    /// security counter.
    /// </summary>
    internal sealed class SwitchController
    {
        private readonly UpdateContext _context;
        private readonly OwnerApproval _approval;

        public SwitchController(UpdateContext context, OwnerApproval approval)
        {
            _context = context;
            _approval = approval;
        }

        /// <summary>The message of the last refused operation.</summary>
        public string LastMessage { get; private set; }

        /// <summary>
        /// Test (<paramref name="permanent"/> false) or confirm the image whose hash is given, or with
        /// no hash confirm the running image.
        /// </summary>
        public int Switch(byte[] hash, int hashOffset, bool permanent)
        {
            LastMessage = null;
            if (hash == null)
            {
                return permanent ? ConfirmRunning() : Fail(UpdateStatus.InvalidRequest, "test needs the hash of the image to try");
            }

            int slot = _context.Catalog.Find(hash, hashOffset);
            if (slot < 0)
            {
                return Fail(UpdateStatus.NotFound, "no image with that hash");
            }

            if (slot == _context.RunningSlot)
            {
                return permanent ? ConfirmRunning() : UpdateStatus.Ok;
            }

            if (_context.RunningOnTrial)
            {
                return Fail(UpdateStatus.BadState, "the running image is on trial: confirm it (or let it revert) first");
            }

            string refusal = RefusalOf(slot);
            SlotVerdict fresh = _context.Catalog.Get(slot);
            if (fresh.ImageHash == null || !Bytes.Equal(fresh.ImageHash, 0, hash, hashOffset, fresh.ImageHash.Length))
            {
                return Fail(UpdateStatus.NotFound, "the image with that hash is no longer in slot " + BootDecision.SlotName(slot));
            }

            if (refusal != null)
            {
                _context.Log.Warn("refused to switch to slot " + BootDecision.SlotName(slot) + ": " + refusal);
                return Fail(UpdateStatus.Refused, refusal);
            }

            if (!_approval.TryApprove(slot, permanent))
            {
                string ask = "approval required: press the button on the device within " + (_approval.Settings.PressMilliseconds / 1000) + " s";
                _context.Log.Info("switch to slot " + BootDecision.SlotName(slot) + " requested: waiting for the owner (" + ask + ")");
                return Fail(UpdateStatus.ApprovalRequired, ask);
            }

            return Stage(slot, permanent);
        }

        /// <summary>The running trial image confirms itself (the app's API, or SMP confirm).</summary>
        public int ConfirmRunning()
        {
            LastMessage = null;
            int running = _context.RunningSlot;
            if (running == BootState.NoSlot)
            {
                return Fail(UpdateStatus.BadState, "no image is running");
            }

            if (!_context.RunningOnTrial)
            {
                return UpdateStatus.Ok; // confirmed already
            }

            SlotVerdict verdict = _context.Catalog.Get(running);
            BootDecision.Confirm(_context.State, running, verdict);
            _context.State.TrialSlot = BootState.NoSlot;
            if (!_context.TrySave())
            {
                _context.Reload();
                return Fail(UpdateStatus.StorageError, "could not record the confirmation");
            }

            _context.Log.Info("version " + verdict.Version + " in slot " + BootDecision.SlotName(running) + " confirmed: it stays");
            return UpdateStatus.Ok;
        }

        /// <summary>The button was pressed: carries out a switch that waited for it, or keeps the press for the next one.</summary>
        public void ButtonPressed()
        {
            int waiting = _approval.WaitingSlot;
            bool permanent = _approval.WaitingPermanent;
            if (!_approval.ButtonPressed())
            {
                _context.Log.Info("button pressed: a switch requested within " + (_approval.Settings.PressMilliseconds / 1000) + " s is approved");
                return;
            }

            _context.Log.Info("button pressed: approved");
            string refusal = _context.RunningOnTrial ? "the running image is on trial" : RefusalOf(waiting);
            if (refusal != null)
            {
                _context.Log.Warn("not switching to slot " + BootDecision.SlotName(waiting) + ": " + refusal);
                return;
            }

            Stage(waiting, permanent);
        }

        /// <summary>Empties the inactive slot.</summary>
        public int Erase(int slot)
        {
            LastMessage = null;
            if (slot < 0 || slot >= _context.Slots.Length)
            {
                return Fail(UpdateStatus.InvalidRequest, "no such slot");
            }

            if (slot == _context.RunningSlot || slot == _context.State.ConfirmedSlot || _context.RunningOnTrial)
            {
                return Fail(UpdateStatus.BadState, "slot " + BootDecision.SlotName(slot) + " holds the running or confirmed image");
            }

            SlotWritten(slot);
            try
            {
                _context.Slots[slot].Erase();
            }
            catch (System.Exception e)
            {
                return Fail(UpdateStatus.StorageError, "could not erase: " + e.Message);
            }

            BootState state = _context.State;
            if (state.UploadSlot == slot)
            {
                state.ClearUpload();
            }

            if (state.PendingSlot == slot)
            {
                state.PendingSlot = BootState.NoSlot;
                state.PendingPermanent = false;
            }

            if (!_context.TrySave())
            {
                _context.Reload();
            }

            _context.Log.Info("slot " + BootDecision.SlotName(slot) + " erased");
            return UpdateStatus.Ok;
        }

        /// <summary>A slot's content is about to change: its check and any switch waiting for it are void.</summary>
        public void SlotWritten(int slot)
        {
            _context.Catalog.Forget(slot);
            if (_approval.WaitingSlot == slot)
            {
                _approval.ClearWaiting();
            }
        }

        private int Stage(int slot, bool permanent)
        {
            BootState state = _context.State;
            state.PendingSlot = slot;
            state.PendingPermanent = permanent;
            if (!_context.TrySave())
            {
                _context.Reload();
                return Fail(UpdateStatus.StorageError, "could not record the switch");
            }

            SlotVerdict verdict = _context.Catalog.Get(slot);
            _context.Log.Info("approved: version " + verdict.Version + " in slot " + BootDecision.SlotName(slot)
                + (permanent ? " runs for good after the next reboot" : " runs on trial after the next reboot"));
            return UpdateStatus.Ok;
        }

        /// <summary>Why the image in <paramref name="slot"/> may not be switched to, checked afresh from storage; null if it may.</summary>
        private string RefusalOf(int slot)
        {
            SlotVerdict verdict = _context.Catalog.Refresh(slot);
            BootState state = _context.State;
            if (!verdict.Bootable)
            {
                return verdict.Reason;
            }

            if (state.IsRejected(slot))
            {
                return "it already failed its trial: upload it again to retry";
            }

            if (verdict.SecurityCounter < state.SecurityCounter)
            {
                return "its security counter " + verdict.SecurityCounter + " is below the device's " + state.SecurityCounter;
            }

            int running = _context.RunningSlot;
            if (running != BootState.NoSlot)
            {
                SlotVerdict current = _context.Catalog.Get(running);
                if (current.Bootable && verdict.VersionKey <= current.VersionKey)
                {
                    return "version " + verdict.Version + " is not newer than the running " + current.Version;
                }
            }

            return null;
        }

        private int Fail(int status, string message)
        {
            LastMessage = message;
            return status;
        }
    }
}
