using FotaDevice.Image;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Update.Rules
{
    /// <summary>
    /// The one rule of what may run, as MCUboot's single <c>boot_validate_slot</c>: used by the boot
    /// decision (a pending switch, the fall-back), by switching (test and confirm) and by the upload's
    /// first chunk (what its header already shows). Each method returns why not, in words, or null.
    /// </summary>
    public static class SwitchRules
    {
        /// <summary>
        /// May the image in <paramref name="slot"/> (<paramref name="candidate"/>) be switched to? It
        /// must verify, must not have failed its trial, must not be below the device's security counter
        /// and must be newer than <paramref name="reference"/>, the confirmed image (null or not
        /// bootable: nothing to compare with).
        /// </summary>
        public static string SwitchRefusal(BootState state, int slot, SlotVerdict candidate, SlotVerdict reference)
        {
            string refusal = ImageRefusal(state, slot, candidate);
            if (refusal != null)
            {
                return refusal;
            }

            return reference != null && reference.Bootable ? VersionRefusal(candidate.Version, reference.Version) : null;
        }

        /// <summary>
        /// May the device fall back to the image in <paramref name="slot"/> when the confirmed image
        /// cannot run? It must verify, not have failed its trial, not be below the counter, and have
        /// been confirmed once (a first install always needs the owner's approval).
        /// </summary>
        public static string FallBackRefusal(BootState state, int slot, SlotVerdict candidate)
        {
            string refusal = ImageRefusal(state, slot, candidate);
            if (refusal != null)
            {
                return refusal;
            }

            return state.IsKnownGood(slot) ? null : "it was never approved to run";
        }

        /// <summary>
        /// What the first chunk of an upload already shows: with <paramref name="upgrade"/> (the client
        /// asks for an upgrade only) an image that is not newer than <paramref name="reference"/> is refused.
        /// </summary>
        public static string UploadRefusal(ImageVersion version, SlotVerdict reference, bool upgrade)
        {
            return upgrade && reference != null && reference.Bootable ? VersionRefusal(version, reference.Version) : null;
        }

        /// <summary>Of two images that may both run, true if <paramref name="candidate"/> is the better (newer) one.</summary>
        public static bool Newer(SlotVerdict candidate, SlotVerdict other)
        {
            return other == null || (candidate.Version != null && (other.Version == null || candidate.Version.CompareTo(other.Version) > 0));
        }

        private static string ImageRefusal(BootState state, int slot, SlotVerdict candidate)
        {
            if (!candidate.Bootable)
            {
                return candidate.Reason;
            }

            if (state.IsRejected(slot))
            {
                return "it already failed its trial: upload it again to retry";
            }

            if (candidate.SecurityCounter < state.SecurityCounter)
            {
                return "its security counter " + candidate.SecurityCounter.ToString() + " is below the device's " + state.SecurityCounter.ToString();
            }

            return null;
        }

        private static string VersionRefusal(ImageVersion candidate, ImageVersion reference)
        {
            if (candidate == null || reference == null || candidate.CompareTo(reference) > 0)
            {
                return null;
            }

            return "version " + candidate.ToString() + " is not newer than the running " + reference.ToString();
        }
    }
}
