using FotaDevice.Update.State;

namespace FotaDevice.Update.Boot
{
    /// <summary>
    /// Checks a slot with the cheapest check that still vouches for it, and seals what verified: a slot
    /// with a sealed verdict (<see cref="BootState.IsSealed"/>) is re-checked from its header, manifest
    /// and TLV areas (<see cref="IIncrementalSlotVerifier.VerifySealed"/>); any other slot, a seal that
    /// no longer matches, or a check asked for in full, costs a whole-image pass. A bootable verdict is
    /// sealed in the state (the caller saves it), any other unseals the slot.
    /// </summary>
    internal sealed class SlotChecker
    {
        private readonly ISlotVerifier _verifier;
        private readonly IIncrementalSlotVerifier _incremental;
        private readonly byte[] _hash = new byte[BootState.ShaSize];

        public SlotChecker(ISlotVerifier verifier)
        {
            _verifier = verifier;
            _incremental = verifier as IIncrementalSlotVerifier;
        }

        /// <summary>The verifier that can check an image as it arrives, or null when this one cannot.</summary>
        public IIncrementalSlotVerifier Incremental
        {
            get { return _incremental; }
        }

        /// <summary>Checks <paramref name="slot"/>: from its seal unless <paramref name="full"/>, else (or when the seal cannot vouch) in full.</summary>
        public SlotVerdict Check(BootState state, int slot, bool full)
        {
            SlotVerdict verdict = null;
            if (!full && _incremental != null && state.IsSealed(slot))
            {
                state.CopySealHash(slot, _hash, 0);
                verdict = _incremental.VerifySealed(slot, _hash, state.SealLength(slot));
            }

            if (verdict == null)
            {
                verdict = _verifier.Verify(slot);
            }

            Seal(state, slot, verdict);
            return verdict;
        }

        /// <summary>Seals <paramref name="verdict"/> of <paramref name="slot"/> when bootable, else unseals the slot.</summary>
        public static void Seal(BootState state, int slot, SlotVerdict verdict)
        {
            if (verdict.Bootable && verdict.ImageHash != null && verdict.Length > 0)
            {
                state.Seal(slot, verdict.Length, verdict.ImageHash, 0);
            }
            else
            {
                state.Unseal(slot);
            }
        }
    }
}
