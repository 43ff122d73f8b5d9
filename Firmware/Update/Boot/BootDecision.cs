using FotaDevice.Platform;
using FotaDevice.Update.State;

namespace FotaDevice.Update.Boot
{
    /// <summary>
    /// Chooses what runs at each start, and records the choice before anything runs:
    /// <list type="number">
    /// <item>A trial image that did not confirm itself before this start is reverted and marked rejected.</item>
    /// <item>A pending switch is checked again (hash, signature, not older than the confirmed image,
    /// security counter not below the device's) and becomes a trial, or the confirmed image if permanent.</item>
    /// <item>The chosen slot is checked; a slot that fails is never started: a failed trial falls back to
    /// the confirmed image, a failed confirmed image to the other slot if it verifies and is not rejected.</item>
    /// </list>
    /// The new state is saved before the app starts; if it cannot be saved no trial starts, because a
    /// trial that cannot be recorded could not be reverted.
    /// </summary>
    public sealed class BootDecision
    {
        private readonly BootStateStore _store;
        private readonly ISlotVerifier _verifier;
        private readonly ILog _log;

        /// <summary>Creates the decision over the boot-state store and a slot verifier.</summary>
        public BootDecision(BootStateStore store, ISlotVerifier verifier, ILog log)
        {
            _store = store;
            _verifier = verifier;
            _log = log;
        }

        /// <summary>Loads the boot state into <paramref name="state"/>, decides, saves, and returns the plan.</summary>
        public BootPlan Decide(BootState state)
        {
            if (!_store.Load(state))
            {
                _log.Info("no boot state yet: a new device");
            }

            BootPlan plan = new BootPlan();
            plan.PowerOn = !state.SoftReboot;
            state.SoftReboot = false;
            state.BootCount++;

            RevertUnconfirmedTrial(state);
            SlotVerdict pending = StagePendingSwitch(state);
            ChooseSlot(state, plan, pending);

            try
            {
                _store.Save(state);
            }
            catch (System.Exception e)
            {
                _log.Warn("boot state could not be saved (" + e.Message + ")");
                if (plan.Trial)
                {
                    _log.Warn("not starting the trial image: its trial could not be recorded");
                    plan.Trial = false;
                    plan.RunSlot = state.ConfirmedSlot;
                    plan.Image = plan.RunSlot == BootState.NoSlot ? null : _verifier.Verify(plan.RunSlot);
                    if (plan.Image != null && !plan.Image.Bootable)
                    {
                        plan.RunSlot = BootState.NoSlot;
                        plan.Image = null;
                    }
                }
            }

            return plan;
        }

        private void RevertUnconfirmedTrial(BootState state)
        {
            int trial = state.TrialSlot;
            if (trial == BootState.NoSlot)
            {
                return;
            }

            _log.Warn("the image in slot " + SlotName(trial) + " did not confirm itself: going back to "
                + (state.ConfirmedSlot == BootState.NoSlot ? "no image" : "slot " + SlotName(state.ConfirmedSlot)));
            state.SetRejected(trial, true);
            state.TrialSlot = BootState.NoSlot;
        }

        /// <summary>Turns an approved switch into a trial (or the confirmed image); returns the pending slot's check.</summary>
        private SlotVerdict StagePendingSwitch(BootState state)
        {
            int pending = state.PendingSlot;
            if (pending == BootState.NoSlot)
            {
                return null;
            }

            bool permanent = state.PendingPermanent;
            state.PendingSlot = BootState.NoSlot;
            state.PendingPermanent = false;

            SlotVerdict verdict = _verifier.Verify(pending);
            string refusal = RefusalOf(state, pending, verdict);
            if (refusal != null)
            {
                _log.Warn("not switching to slot " + SlotName(pending) + ": " + refusal);
                return null;
            }

            if (permanent)
            {
                Confirm(state, pending, verdict);
                _log.Info("switched to slot " + SlotName(pending) + " (version " + verdict.Version + ") for good");
            }
            else
            {
                state.TrialSlot = pending;
                _log.Info("trying slot " + SlotName(pending) + " (version " + verdict.Version + ") on trial: it must confirm itself");
            }

            return verdict;
        }

        private void ChooseSlot(BootState state, BootPlan plan, SlotVerdict pendingVerdict)
        {
            plan.Trial = state.TrialSlot != BootState.NoSlot;
            plan.RunSlot = plan.Trial ? state.TrialSlot : state.ConfirmedSlot;
            if (plan.RunSlot == BootState.NoSlot)
            {
                FallBack(state, plan, BootState.NoSlot);
                return;
            }

            SlotVerdict verdict = plan.Trial && pendingVerdict != null ? pendingVerdict : _verifier.Verify(plan.RunSlot);
            if (verdict.Bootable)
            {
                plan.Image = verdict;
                return;
            }

            int failed = plan.RunSlot;
            _log.Warn("slot " + SlotName(failed) + " fails its check (" + verdict.Reason + "): not starting it");
            if (plan.Trial)
            {
                state.SetRejected(failed, true);
                state.TrialSlot = BootState.NoSlot;
                plan.Trial = false;
                plan.RunSlot = state.ConfirmedSlot;
                if (plan.RunSlot != BootState.NoSlot)
                {
                    verdict = _verifier.Verify(plan.RunSlot);
                    if (verdict.Bootable)
                    {
                        plan.Image = verdict;
                        return;
                    }

                    failed = plan.RunSlot;
                    _log.Warn("slot " + SlotName(failed) + " fails its check (" + verdict.Reason + ")");
                }
            }

            FallBack(state, plan, failed);
        }

        /// <summary>Nothing confirmed runs: take another slot that verifies, is not rejected and not below the counter.</summary>
        private void FallBack(BootState state, BootPlan plan, int failed)
        {
            plan.RunSlot = BootState.NoSlot;
            plan.Image = null;
            plan.Trial = false;
            for (int slot = 0; slot < BootRecordCodec.SlotCount; slot++)
            {
                if (slot == failed || state.IsRejected(slot))
                {
                    continue;
                }

                SlotVerdict verdict = _verifier.Verify(slot);
                if (!verdict.Bootable || verdict.SecurityCounter < state.SecurityCounter)
                {
                    continue;
                }

                Confirm(state, slot, verdict);
                plan.RunSlot = slot;
                plan.Image = verdict;
                _log.Warn("falling back to slot " + SlotName(slot) + " (version " + verdict.Version + "), now the confirmed image");
                return;
            }

            _log.Warn("no bootable image: only the update service runs");
        }

        /// <summary>Why a pending image may not be switched to, or null when it may.</summary>
        private string RefusalOf(BootState state, int slot, SlotVerdict verdict)
        {
            if (!verdict.Bootable)
            {
                return verdict.Reason;
            }

            if (state.IsRejected(slot))
            {
                return "it already failed its trial";
            }

            if (verdict.SecurityCounter < state.SecurityCounter)
            {
                return "its security counter " + verdict.SecurityCounter + " is below the device's " + state.SecurityCounter;
            }

            if (state.ConfirmedSlot != BootState.NoSlot && state.ConfirmedSlot != slot)
            {
                SlotVerdict confirmed = _verifier.Verify(state.ConfirmedSlot);
                if (confirmed.Bootable && verdict.VersionKey <= confirmed.VersionKey)
                {
                    return "version " + verdict.Version + " is not newer than the running " + confirmed.Version;
                }
            }

            return null;
        }

        /// <summary>Makes <paramref name="slot"/> the confirmed image and raises the anti-rollback counter to its own.</summary>
        internal static void Confirm(BootState state, int slot, SlotVerdict verdict)
        {
            state.ConfirmedSlot = slot;
            state.SetRejected(slot, false);
            if (verdict.SecurityCounter > state.SecurityCounter)
            {
                state.SecurityCounter = verdict.SecurityCounter;
            }
        }

        /// <summary>Slots are called A and B in what users read.</summary>
        public static string SlotName(int slot)
        {
            return slot == 0 ? "A" : slot == 1 ? "B" : "?";
        }
    }
}
