using FotaDevice.Binary;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Rules;
using FotaDevice.Update.State;

namespace FotaDevice.Update.Switching
{
    /// <summary>
    /// Everything that needs the owner: SMP "test" (try once after the next restart) and "confirm" (for
    /// good) of the other slot's image, a host's confirm of the running trial, erasing a slot, and a
    /// restart that would revert a trial; and the button that approves them. Each request names one
    /// image by hash (<see cref="OwnerApproval"/>); a request, and the approved switch, are judged on the
    /// slot's verdict, kept while the slot is unchanged (any write voids it).
    /// </summary>
    internal sealed class SwitchController
    {
        private readonly UpdateContext _context;
        private readonly OwnerApproval _approval;
        private readonly ApprovalRequest _approved = new ApprovalRequest();

        public SwitchController(UpdateContext context, OwnerApproval approval)
        {
            _context = context;
            _approval = approval;
        }

        /// <summary>The message of the last refused operation.</summary>
        public string LastMessage { get; private set; }

        /// <summary>
        /// Test (<paramref name="permanent"/> false) or confirm the image whose hash is given; with no
        /// hash, confirm the running image (a host's confirm of a running trial needs approval).
        /// </summary>
        public int Switch(byte[] hash, int hashOffset, bool permanent)
        {
            LastMessage = null;
            if (hash == null)
            {
                return permanent ? ConfirmRunningForHost() : Fail(UpdateStatus.InvalidRequest, "test needs the hash of the image to try");
            }

            int slot = _context.Catalog.Find(hash, hashOffset);
            if (slot < 0)
            {
                return Fail(UpdateStatus.NotFound, "no image with that hash");
            }

            if (slot == _context.RunningSlot)
            {
                return permanent ? ConfirmRunningForHost() : UpdateStatus.Ok;
            }

            if (_context.RunningOnTrial)
            {
                return Fail(UpdateStatus.BadState, "the running image is on trial: confirm it (or let it revert) first");
            }

            string refusal = SwitchRules.SwitchRefusal(_context.State, slot, _context.Catalog.Get(slot), Reference(slot));
            if (refusal != null)
            {
                _context.Log.Warn("refused to switch to slot " + BootDecision.SlotName(slot) + ": " + refusal);
                return Fail(UpdateStatus.Refused, refusal);
            }

            ApprovalAction action = permanent ? ApprovalAction.Permanent : ApprovalAction.Trial;
            int asked = Ask(action, slot, hash, hashOffset);
            return asked == UpdateStatus.Ok ? StageChecked(slot, hash, hashOffset, permanent) : asked;
        }

        /// <summary>The running trial image confirms itself (the app's API): no approval needed.</summary>
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

            _context.Log.Info("version " + verdict.VersionText + " in slot " + BootDecision.SlotName(running) + " confirmed: it stays");
            return UpdateStatus.Ok;
        }

        /// <summary>Empties <paramref name="slot"/>; needs approval. <paramref name="uploadBusy"/> when another client's upload writes it.</summary>
        public int Erase(int slot, bool uploadBusy)
        {
            LastMessage = null;
            if (slot < 0 || slot >= _context.Slots.Length)
            {
                return Fail(UpdateStatus.InvalidRequest, "no such slot");
            }

            if (slot == _context.RunningSlot || slot == _context.State.ConfirmedSlot || _context.RunningOnTrial)
            {
                return Fail(UpdateStatus.BadState, "slot " + BootDecision.SlotName(slot) + " holds the running or confirmed image, or the image to go back to");
            }

            if (uploadBusy)
            {
                return Fail(UpdateStatus.Busy, "another client is uploading into slot " + BootDecision.SlotName(slot));
            }

            if (_context.Slots[slot].Length == 0 && _context.State.UploadSlot != slot)
            {
                return UpdateStatus.Ok; // nothing to erase
            }

            int asked = Ask(ApprovalAction.Erase, slot, _context.Catalog.Get(slot).ImageHash, 0);
            return asked == UpdateStatus.Ok ? DoErase(slot) : asked;
        }

        /// <summary>
        /// May the device restart now at a client's request? Not during another client's upload
        /// (<paramref name="uploadBusy"/>) nor while another request waits for the owner's press (it
        /// would be lost); a restart that reverts the running trial needs approval.
        /// </summary>
        public int MayReset(bool uploadBusy)
        {
            LastMessage = null;
            if (uploadBusy)
            {
                return Fail(UpdateStatus.Busy, "another client is uploading: restart after it");
            }

            ApprovalAction waiting = _approval.WaitingAction;
            if (waiting != ApprovalAction.None && waiting != ApprovalAction.Reset)
            {
                return Fail(UpdateStatus.Busy, "a request waits for the owner's press on the device (" + Describe(waiting, _approval.WaitingSlot)
                    + ", " + (_approval.WaitingRemainingMilliseconds / 1000).ToString() + " s left): restart after it");
            }

            // Each start counts the owner code's wait from its own beginning (no clock survives a restart), so
            // a restart during the wait would lengthen it: a stranger's reset an hour would keep it for good.
            long codeWait = _approval.Code.WaitMilliseconds(_context.State.CodeFailures);
            if (codeWait > 0 && _context.State.PendingSlot == BootState.NoSlot)
            {
                return Fail(UpdateStatus.Busy, "the owner code's wait after wrong proofs runs (" + ((codeWait + 999) / 1000).ToString()
                    + " s left) and a restart would start it again: restart after it");
            }

            return _context.RunningOnTrial ? Ask(ApprovalAction.Reset, -1, null, 0) : UpdateStatus.Ok;
        }

        /// <summary>
        /// The button was pressed: carries out the request that waited for it (true when that is a
        /// restart, which the caller does once the engine's lock is released); with nothing waiting,
        /// approves a trial of the image now in the other slot, for the press time.
        /// </summary>
        public bool Pressed()
        {
            if (!_approval.TakeWaiting(_approved))
            {
                BindPress();
                return false;
            }

            _context.Log.Info("button pressed: approved " + Describe(_approved.Action, _approved.Slot));
            switch (_approved.Action)
            {
                case ApprovalAction.Trial:
                case ApprovalAction.Permanent:
                    if (_context.RunningOnTrial)
                    {
                        _context.Log.Warn("not switching: the running image is on trial");
                    }
                    else if (StageChecked(_approved.Slot, _approved.Hash, 0, _approved.Action == ApprovalAction.Permanent) != UpdateStatus.Ok)
                    {
                        _context.Log.Warn("not switching to slot " + BootDecision.SlotName(_approved.Slot) + ": " + LastMessage);
                    }

                    return false;
                case ApprovalAction.ConfirmTrial:
                    if (_context.RunningOnTrial && _context.RunningSlot == _approved.Slot)
                    {
                        ConfirmRunning();
                    }

                    return false;
                case ApprovalAction.Erase:
                    DoErase(_approved.Slot);
                    return false;
                default:
                    return _approved.Action == ApprovalAction.Reset;
            }
        }

        /// <summary>A host confirms the running image: a trial is kept only with the owner's approval.</summary>
        private int ConfirmRunningForHost()
        {
            int running = _context.RunningSlot;
            if (running == BootState.NoSlot)
            {
                return Fail(UpdateStatus.BadState, "no image is running");
            }

            if (!_context.RunningOnTrial)
            {
                return UpdateStatus.Ok; // confirmed already
            }

            int asked = Ask(ApprovalAction.ConfirmTrial, running, _context.Catalog.Get(running).ImageHash, 0);
            return asked == UpdateStatus.Ok ? ConfirmRunning() : asked;
        }

        private void BindPress()
        {
            if (_approval.UseVoidedPress())
            {
                _context.Log.Warn("button pressed: the request it was meant for was voided by a change to its slot: nothing approved");
                return;
            }

            int slot = _context.InactiveSlot;
            SlotVerdict verdict = _context.RunningOnTrial ? null : _context.Catalog.Get(slot);
            if (verdict == null || verdict.ImageHash == null)
            {
                _context.Log.Info("button pressed: nothing to approve");
                return;
            }

            _approval.PressedWithNothingWaiting(slot, verdict.ImageHash);
            _context.Log.Info("button pressed: a trial of version " + verdict.VersionText + " in slot " + BootDecision.SlotName(slot)
                + " is approved if asked for within " + (_approval.Settings.PressMilliseconds / 1000).ToString() + " s");
        }

        /// <summary>Asks the owner; Ok when approved now, else the status to answer (and <see cref="LastMessage"/>).</summary>
        private int Ask(ApprovalAction action, int slot, byte[] hash, int hashOffset)
        {
            int answer = _approval.Ask(action, slot, hash, hashOffset);
            if (answer == OwnerApproval.Approved)
            {
                return UpdateStatus.Ok;
            }

            if (answer == OwnerApproval.OtherWaiting && _approval.VoidedRemainingMilliseconds > 0)
            {
                return Fail(UpdateStatus.Busy, "the request waiting for the owner's press was voided by a change to its slot: ask again in "
                    + (_approval.VoidedRemainingMilliseconds / 1000 + 1).ToString() + " s");
            }

            if (answer == OwnerApproval.OtherWaiting)
            {
                return Fail(UpdateStatus.Busy, "another request waits for the owner's press on the device (" + Describe(_approval.WaitingAction, _approval.WaitingSlot)
                    + ", " + (_approval.WaitingRemainingMilliseconds / 1000).ToString() + " s left)");
            }

            string ask = _approval.ApprovalHint;
            _context.Log.Info(Describe(action, slot) + " requested: waiting for the owner (" + ask + ")");
            return Fail(UpdateStatus.ApprovalRequired, ask);
        }

        /// <summary>
        /// The image named by hash must still be in the slot, by its verdict (kept while the slot is
        /// unchanged: any write voids it), then the switch is recorded. The first start of the new image
        /// verifies it in full again.
        /// </summary>
        private int StageChecked(int slot, byte[] hash, int hashOffset, bool permanent)
        {
            SlotVerdict fresh = _context.Catalog.Get(slot);
            if (fresh.ImageHash == null || !Bytes.Equal(fresh.ImageHash, 0, hash, hashOffset, fresh.ImageHash.Length))
            {
                return Fail(UpdateStatus.NotFound, "the image with that hash is no longer in slot " + BootDecision.SlotName(slot));
            }

            string refusal = SwitchRules.SwitchRefusal(_context.State, slot, fresh, Reference(slot));
            if (refusal != null)
            {
                return Fail(UpdateStatus.Refused, refusal);
            }

            BootState state = _context.State;
            state.PendingSlot = slot;
            state.PendingPermanent = permanent;
            if (!_context.TrySave())
            {
                _context.Reload();
                return Fail(UpdateStatus.StorageError, "could not record the switch");
            }

            _context.Log.Info("approved: version " + fresh.VersionText + " in slot " + BootDecision.SlotName(slot)
                + (permanent ? " runs for good after the next restart" : " runs on trial after the next restart"));
            return UpdateStatus.Ok;
        }

        private int DoErase(int slot)
        {
            _context.SlotWritten(slot);
            try
            {
                _context.Slots[slot].Erase();
            }
            catch (System.Exception e)
            {
                return Fail(UpdateStatus.StorageError, "could not erase: " + e.Message);
            }

            if (_context.State.UploadSlot == slot)
            {
                _context.State.ClearUpload();
            }

            if (!_context.TrySave())
            {
                _context.Reload();
            }

            _context.Log.Info("slot " + BootDecision.SlotName(slot) + " erased");
            return UpdateStatus.Ok;
        }

        /// <summary>The image a switch to <paramref name="slot"/> must be newer than: the confirmed one.</summary>
        private SlotVerdict Reference(int slot)
        {
            return _context.State.ConfirmedSlot == slot ? null : _context.ConfirmedImage;
        }

        private static string Describe(ApprovalAction action, int slot)
        {
            string where = "slot " + BootDecision.SlotName(slot);
            switch (action)
            {
                case ApprovalAction.Trial: return "a trial of the image in " + where;
                case ApprovalAction.Permanent: return "a switch for good to the image in " + where;
                case ApprovalAction.ConfirmTrial: return "keeping the trial image in " + where;
                case ApprovalAction.Erase: return "erasing " + where;
                case ApprovalAction.Reset: return "a restart that reverts the trial image";
                default: return "nothing";
            }
        }

        private int Fail(int status, string message)
        {
            LastMessage = message;
            return status;
        }
    }
}
