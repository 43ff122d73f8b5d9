using FotaDevice.Platform;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Update
{
    /// <summary>What the uploader and the switch controller share: slots, boot state, the running slot, approval, the log.</summary>
    internal sealed class UpdateContext
    {
        public UpdateContext(ISlot[] slots, BootStateStore store, BootState state, int runningSlot, SlotCatalog catalog, OwnerApproval approval, ILog log)
        {
            Approval = approval;
            Slots = slots;
            Store = store;
            State = state;
            RunningSlot = runningSlot;
            Catalog = catalog;
            Log = log;
        }

        public ISlot[] Slots { get; private set; }

        public BootStateStore Store { get; private set; }

        public BootState State { get; private set; }

        public int RunningSlot { get; private set; }

        public SlotCatalog Catalog { get; private set; }

        public ILog Log { get; private set; }

        public OwnerApproval Approval { get; private set; }

        /// <summary>True while the running image is on trial (its fallback is in the other slot).</summary>
        public bool RunningOnTrial
        {
            get { return RunningSlot != BootState.NoSlot && State.TrialSlot == RunningSlot; }
        }

        /// <summary>
        /// The slot updates go to: the one not running. With nothing running, the one not confirmed,
        /// else A.
        /// </summary>
        public int InactiveSlot
        {
            get
            {
                int busy = RunningSlot != BootState.NoSlot ? RunningSlot : State.ConfirmedSlot;
                return busy == 0 ? 1 : 0;
            }
        }

        /// <summary>
        /// The content of <paramref name="slot"/> is about to change (upload, erase): its last check,
        /// anything waiting for approval on it, a press bound to it, and what the boot state knew of
        /// its image (rejected, known good, a pending switch) are void. The caller saves the state.
        /// </summary>
        public void SlotWritten(int slot)
        {
            Catalog.Forget(slot);
            Approval.SlotChanged(slot);
            State.SlotWritten(slot);
        }

        /// <summary>The check of the confirmed image, the one a switch must be newer than (null when none is confirmed).</summary>
        public SlotVerdict ConfirmedImage
        {
            get { return State.ConfirmedSlot == BootState.NoSlot ? null : Catalog.Get(State.ConfirmedSlot); }
        }

        /// <summary>Saves the boot state; false (logged) if storage failed, in which case nothing may be acted on.</summary>
        public bool TrySave()
        {
            try
            {
                Store.Save(State);
                return true;
            }
            catch (System.Exception e)
            {
                Log.Warn("could not save the boot state: " + e.Message);
                return false;
            }
        }

        /// <summary>Re-reads the boot state after a failed save, so RAM never holds what storage does not.</summary>
        public void Reload()
        {
            Store.Load(State);
        }
    }
}
