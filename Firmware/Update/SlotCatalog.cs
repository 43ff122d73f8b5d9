using FotaDevice.Binary;
using FotaDevice.Update.Boot;

namespace FotaDevice.Update
{
    /// <summary>
    /// The last check of each slot, so that reading the image state does not re-hash a slot.
    /// Any write to a slot forgets its entry; a switch always re-checks from storage.
    /// </summary>
    internal sealed class SlotCatalog
    {
        private readonly ISlotVerifier _verifier;
        private readonly SlotVerdict[] _verdicts;

        public SlotCatalog(ISlotVerifier verifier, int slotCount)
        {
            _verifier = verifier;
            _verdicts = new SlotVerdict[slotCount];
        }

        public int Count
        {
            get { return _verdicts.Length; }
        }

        public SlotVerdict Get(int slot)
        {
            if (_verdicts[slot] == null)
            {
                _verdicts[slot] = _verifier.Verify(slot);
            }

            return _verdicts[slot];
        }

        public SlotVerdict Refresh(int slot)
        {
            _verdicts[slot] = _verifier.Verify(slot);
            return _verdicts[slot];
        }

        public void Remember(int slot, SlotVerdict verdict)
        {
            _verdicts[slot] = verdict;
        }

        public void Forget(int slot)
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
