using FotaDevice.Binary;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;
using FotaDevice.Update.Upload;

namespace FotaDevice.Update
{
    /// <summary>
    /// What the device knows of each slot: its last verdict, so that reading the image state, a switch
    /// or a confirm does not re-hash a slot, or the check of an image still arriving
    /// (<see cref="Arrival"/>). Any write to a slot forgets its verdict (and its seal in the boot state,
    /// <see cref="BootState.SlotWritten"/>); an erase also stops the check of an arriving image. A verdict
    /// is computed when first needed: from the slot's seal when it has one (<see cref="SlotChecker"/>),
    /// else in a whole pass; a bootable verdict is sealed.
    /// </summary>
    internal sealed class SlotCatalog
    {
        private readonly ISlot[] _slots;
        private readonly BootState _state;
        private readonly SlotChecker _checker;
        private readonly SlotVerdict[] _verdicts;

        public SlotCatalog(ISlotVerifier verifier, ISlot[] slots, BootState state)
        {
            _slots = slots;
            _state = state;
            _checker = new SlotChecker(verifier);
            _verdicts = new SlotVerdict[slots.Length];
            Arrival = new ArrivalCheck(_checker.Incremental);
        }

        /// <summary>The check of the image arriving by upload.</summary>
        public ArrivalCheck Arrival { get; private set; }

        /// <summary>The verifier that checks images as they arrive, or null.</summary>
        public IIncrementalSlotVerifier Incremental
        {
            get { return _checker.Incremental; }
        }

        public int Count
        {
            get { return _verdicts.Length; }
        }

        /// <summary>True when the image arriving in a slot is all in and its verdict not yet concluded.</summary>
        public bool HasPendingVerdict
        {
            get { return Arrival.Pending; }
        }

        /// <summary>The last verdict of <paramref name="slot"/>, computed now if there is none.</summary>
        public SlotVerdict Get(int slot)
        {
            if (_verdicts[slot] != null)
            {
                return _verdicts[slot];
            }

            if (Arrival.Pending && Arrival.Slot == slot)
            {
                return Remember(slot, Arrival.Conclude());
            }

            if (_state.UploadSlot == slot)
            {
                return ArrivalCheck.Receiving(_slots[slot].Length, _state.UploadLength); // no pass over a half-written slot
            }

            _verdicts[slot] = _checker.Check(_state, slot, false);
            return _verdicts[slot];
        }

        /// <summary>Concludes the verdict of the image that arrived, if one is pending; returns its slot, or -1.</summary>
        public int ConcludePending()
        {
            if (!Arrival.Pending)
            {
                return -1;
            }

            int slot = Arrival.Slot;
            Get(slot);
            return slot;
        }

        /// <summary>Checks <paramref name="slot"/> again, in a whole pass.</summary>
        public SlotVerdict Refresh(int slot)
        {
            if (Arrival.Slot == slot)
            {
                Arrival.Stop();
            }

            _verdicts[slot] = _checker.Check(_state, slot, true);
            return _verdicts[slot];
        }

        /// <summary>Keeps <paramref name="verdict"/> as the slot's last verdict (sealed when bootable).</summary>
        public SlotVerdict Remember(int slot, SlotVerdict verdict)
        {
            SlotChecker.Seal(_state, slot, verdict);
            _verdicts[slot] = verdict;
            return verdict;
        }

        /// <summary>The slot was written or erased: its verdict is void, and so is the check of an image arriving in it.</summary>
        public void Forget(int slot)
        {
            _verdicts[slot] = null;
            if (Arrival.Slot == slot)
            {
                Arrival.Stop();
            }
        }

        /// <summary>The upload appended to the slot: its verdict is void; the check following the upload goes on.</summary>
        public void ForgetVerdict(int slot)
        {
            _verdicts[slot] = null;
        }

        /// <summary>The slot whose image hash equals the 32 bytes at <paramref name="offset"/>, or -1.</summary>
        public int Find(byte[] hash, int offset)
        {
            for (int slot = 0; slot < _verdicts.Length; slot++)
            {
                byte[] own = Get(slot).ImageHash;
                if (own != null && Bytes.Equal(own, 0, hash, offset, own.Length))
                {
                    return slot;
                }
            }

            return -1;
        }
    }
}
