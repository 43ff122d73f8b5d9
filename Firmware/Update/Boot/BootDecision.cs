using FotaDevice.Platform;
using FotaDevice.Update.Rules;
using FotaDevice.Update.State;

namespace FotaDevice.Update.Boot
{
    /// <summary>
    /// Chooses what runs at each start, and records the choice before anything runs:
    /// <list type="number">
    /// <item>A trial image that did not confirm itself before this start is reverted and marked rejected.</item>
    /// <item>A pending switch is checked again (<see cref="SwitchRules.SwitchRefusal"/>) and becomes a trial,
    /// or the confirmed image if permanent.</item>
    /// <item>The chosen slot is checked; a slot that fails is never started: a failed trial falls back to
    /// the confirmed image, a failed confirmed image to the newest image that may run without a new
    /// approval (<see cref="SwitchRules.FallBackRefusal"/>).</item>
    /// <item>Whether the owner's approval window opens (<see cref="BootPlan.WindowOpens"/>).</item>
    /// </list>
    /// The new state is saved before the app starts; if it cannot be saved no trial starts, because a
    /// trial that cannot be recorded could not be reverted.
    /// <para>Fast boot (as MCUboot's <c>BOOT_VALIDATE_SLOT0_ONCE</c>): a slot whose verdict is sealed in
    /// the record (<see cref="SlotChecker"/>) is checked from its header, manifest and TLV areas only. A
    /// whole-image pass is still made at the first start of a newly switched-to image, at every
    /// <see cref="FullCheckEvery"/>-th start, for a slot with no seal (a new or damaged record, a slot
    /// written since) and whenever the seal does not match what the slot holds.</para>
    /// </summary>
    public sealed class BootDecision
    {
        private readonly BootStateStore _store;
        /// <summary>The default of <see cref="FullCheckEvery"/>.</summary>
        public const int DefaultFullCheckEvery = 16;

        private readonly SlotChecker _checker;
        private readonly ILog _log;
        private bool _full;

        /// <summary>Creates the decision over the boot-state store and a slot verifier.</summary>
        public BootDecision(BootStateStore store, ISlotVerifier verifier, ILog log)
        {
            _store = store;
            _checker = new SlotChecker(verifier);
            _log = log;
            FullCheckEvery = DefaultFullCheckEvery;
        }

        /// <summary>
        /// Every this many starts (by the record's boot count) the image to run is verified in full even
        /// when its verdict is sealed; 1: at every start (MCUboot's <c>BOOT_VALIDATE_SLOT0</c>), 0: only
        /// when needed (<c>_ONCE</c>). Default <see cref="DefaultFullCheckEvery"/>.
        /// </summary>
        public int FullCheckEvery { get; set; }

        /// <summary>Loads the boot state into <paramref name="state"/>, decides, saves, and returns the plan.</summary>
        public BootPlan Decide(BootState state)
        {
            if (!_store.Load(state))
            {
                _log.Info("no boot state yet: a new device");
            }

            BootPlan plan = new BootPlan();
            DecideWindow(state, plan);
            state.BootCount++;
            _full = FullCheckEvery > 0 && state.BootCount % (uint)FullCheckEvery == 0;

            int confirmedBefore = state.ConfirmedSlot;
            bool changes = state.TrialSlot != BootState.NoSlot || state.PendingSlot != BootState.NoSlot;
            RevertUnconfirmedTrial(state);
            SlotVerdict pending = StagePendingSwitch(state);
            if (pending != null && plan.WindowOpens)
            {
                // The start that carries out a switch opens no window, a power-on as the device's own
                // restart: a new image on trial must confirm itself, nobody on the link may keep it.
                _log.Info("this start carries out a switch: no approval window");
                plan.WindowOpens = false;
                plan.WindowCarriedSeconds = 0;
            }

            ChooseSlot(state, plan, pending);
            if (changes || plan.RunSlot != confirmedBefore)
            {
                state.WindowArmed = true; // another image runs now: its start may crash, whatever the one before lived
            }

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
                    plan.Image = plan.RunSlot == BootState.NoSlot ? null : Check(state, plan.RunSlot, false);
                    if (plan.Image != null && !plan.Image.Bootable)
                    {
                        plan.RunSlot = BootState.NoSlot;
                        plan.Image = null;
                    }
                }
            }

            return plan;
        }

        /// <summary>
        /// A start the device did not record is taken for a power-on; its window opens only if the start
        /// before it lived past its window (<see cref="BootState.WindowArmed"/> cleared), so a device that
        /// keeps restarting without recording it opens the window once, not at every start. A restart of
        /// the device's own opens no window, except to keep what was left of an open one, and continues
        /// the start it ended: it keeps that start's <see cref="BootState.WindowArmed"/>.
        /// </summary>
        private void DecideWindow(BootState state, BootPlan plan)
        {
            plan.PowerOn = !state.SoftReboot;
            if (state.SoftReboot)
            {
                plan.WindowCarriedSeconds = state.WindowLeftSeconds;
                plan.WindowOpens = state.WindowLeftSeconds > 0;
            }
            else
            {
                plan.WindowOpens = !state.WindowArmed;
                if (!plan.WindowOpens)
                {
                    _log.Warn("the last start ended, unrecorded, before its approval window had passed (a crash, a brown-out or a quick power cycle): no window this time");
                }
            }

            if (!state.SoftReboot)
            {
                state.WindowArmed = true; // cleared once this start has lived past the window (UpdateEngine)
            }

            // After a restart of the device's own that runs the same image, the start before it goes on:
            // it keeps "armed" as that start left it, so a client's reset after the window has passed does
            // not take the window of the owner's next power cycle, and resets between crashes (still
            // armed) reopen nothing. A start that runs another image is armed (Decide).
            state.SoftReboot = false;
            state.WindowLeftSeconds = 0;
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

            SlotVerdict verdict = Check(state, pending, true); // the first start of a new image verifies it in full
            SlotVerdict confirmed = state.ConfirmedSlot == BootState.NoSlot || state.ConfirmedSlot == pending ? null : Check(state, state.ConfirmedSlot, false);
            string refusal = SwitchRules.SwitchRefusal(state, pending, verdict, confirmed);
            if (refusal != null)
            {
                _log.Warn("not switching to slot " + SlotName(pending) + ": " + refusal);
                return null;
            }

            if (permanent)
            {
                Confirm(state, pending, verdict);
                _log.Info("switched to slot " + SlotName(pending) + " (version " + verdict.VersionText + ") for good");
            }
            else
            {
                state.TrialSlot = pending;
                _log.Info("trying slot " + SlotName(pending) + " (version " + verdict.VersionText + ") on trial: it must confirm itself");
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

            SlotVerdict verdict = pendingVerdict != null && pendingVerdict.Bootable && plan.RunSlot == state.TrialSlot ? pendingVerdict : Check(state, plan.RunSlot, _full);
            if (verdict.Bootable)
            {
                plan.Image = verdict;
                if (!plan.Trial)
                {
                    Confirm(state, plan.RunSlot, verdict); // heals a counter below the confirmed image's own
                }

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
                    verdict = Check(state, plan.RunSlot, _full);
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

        /// <summary>Nothing confirmed runs: take the newest other image the device may fall back to.</summary>
        private void FallBack(BootState state, BootPlan plan, int failed)
        {
            plan.RunSlot = BootState.NoSlot;
            plan.Image = null;
            plan.Trial = false;
            for (int slot = 0; slot < BootRecordCodec.SlotCount; slot++)
            {
                if (slot == failed)
                {
                    continue;
                }

                SlotVerdict verdict = Check(state, slot, _full);
                string refusal = SwitchRules.FallBackRefusal(state, slot, verdict);
                if (refusal == null && SwitchRules.Newer(verdict, plan.Image))
                {
                    plan.RunSlot = slot;
                    plan.Image = verdict;
                }
                else if (refusal != null && !verdict.Empty)
                {
                    _log.Info("not falling back to slot " + SlotName(slot) + ": " + refusal);
                }
            }

            if (plan.Image == null)
            {
                _log.Warn("no image may run: only the update service runs (a first install needs the owner's approval)");
                return;
            }

            Confirm(state, plan.RunSlot, plan.Image);
            _log.Warn("falling back to slot " + SlotName(plan.RunSlot) + " (version " + plan.Image.VersionText + "), now the confirmed image");
        }

        private SlotVerdict Check(BootState state, int slot, bool full)
        {
            SlotVerdict verdict = _checker.Check(state, slot, full);
            if (verdict.Sealed)
            {
                _log.Info("slot " + SlotName(slot) + ": verified at an earlier start (sealed); header, manifest and TLVs checked now");
            }

            return verdict;
        }

        /// <summary>Makes <paramref name="slot"/> the confirmed image and raises the anti-rollback counter to its own.</summary>
        internal static void Confirm(BootState state, int slot, SlotVerdict verdict)
        {
            state.ConfirmedSlot = slot;
            state.SetRejected(slot, false);
            state.SetKnownGood(slot, true);
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
