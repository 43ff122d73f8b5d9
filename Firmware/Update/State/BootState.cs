using System;

namespace FotaDevice.Update.State
{
    /// <summary>
    /// What the device must remember across reboots to choose the slot to run: which image is
    /// confirmed, which one is waiting to be tried, whether a trial is under way, the
    /// anti-rollback counter, and the upload in progress. Kept by <see cref="BootStateStore"/>
    /// as two checksummed copies so that a power cut during a write loses nothing.
    /// </summary>
    public sealed class BootState
    {
        /// <summary>The value of a slot field that names no slot.</summary>
        public const int NoSlot = -1;

        /// <summary>Size of the upload's full-image SHA-256.</summary>
        public const int ShaSize = 32;

        /// <summary>Creates the state of a device that has never been updated: nothing confirmed, nothing pending.</summary>
        public BootState()
        {
            UploadSha = new byte[ShaSize];
            Clear();
        }

        /// <summary>Sequence number of the stored copy this state was read from or last written to.</summary>
        public uint Sequence { get; set; }

        /// <summary>The slot holding the confirmed image (the one to go back to), or <see cref="NoSlot"/>.</summary>
        public int ConfirmedSlot { get; set; }

        /// <summary>A slot the owner approved to switch to at the next boot, or <see cref="NoSlot"/>.</summary>
        public int PendingSlot { get; set; }

        /// <summary>True when the pending switch is permanent (SMP confirm) rather than a trial (SMP test).</summary>
        public bool PendingPermanent { get; set; }

        /// <summary>
        /// The slot running on trial, or <see cref="NoSlot"/>. Set before a trial image starts; if the
        /// device starts again with this still set, the image did not confirm itself and is reverted.
        /// </summary>
        public int TrialSlot { get; set; }

        /// <summary>Set just before the device reboots itself, so that the next start is not taken for a power-on.</summary>
        public bool SoftReboot { get; set; }

        /// <summary>Bit per slot: the image in it failed its trial and may not be switched to until the slot is written again.</summary>
        public int RejectedSlots { get; set; }

        /// <summary>
        /// Bit per slot: the image in it was confirmed once (it ran and was kept). Only such an image is
        /// started without a new approval when the confirmed image fails its check; any write to the
        /// slot clears the bit.
        /// </summary>
        public int KnownGoodSlots { get; set; }

        /// <summary>
        /// Set at a start that opened the power-on window, cleared once that start has lived past the
        /// window or restarted itself. Still set at a start taken for a power-on means the device
        /// restarted without recording it inside the window (a crash, a brown-out, a quick power
        /// cycle): that start opens no window, so a crash loop never keeps reopening it.
        /// </summary>
        public bool WindowArmed { get; set; }

        /// <summary>Seconds of the power-on window that were left when the device restarted itself; the next start keeps them.</summary>
        public int WindowLeftSeconds { get; set; }

        /// <summary>Failed owner-code proofs since the last good one (throttling survives restarts).</summary>
        public int CodeFailures { get; set; }

        /// <summary>Anti-rollback counter: the highest security counter of a confirmed image.</summary>
        public uint SecurityCounter { get; set; }

        /// <summary>Number of starts, for diagnostics.</summary>
        public uint BootCount { get; set; }

        /// <summary>The slot an upload is writing, or <see cref="NoSlot"/>.</summary>
        public int UploadSlot { get; set; }

        /// <summary>Declared total length of the upload in progress.</summary>
        public int UploadLength { get; set; }

        /// <summary>Full-image SHA-256 the client gave for the upload in progress (all zero if none was given).</summary>
        public byte[] UploadSha { get; private set; }

        /// <summary>How many bytes of <see cref="UploadSha"/> the client gave (0..32; Zephyr takes up to 32).</summary>
        public int UploadShaLength { get; set; }

        /// <summary>True if the image in <paramref name="slot"/> was confirmed once and the slot not written since.</summary>
        public bool IsKnownGood(int slot)
        {
            return slot >= 0 && (KnownGoodSlots & (1 << slot)) != 0;
        }

        /// <summary>Marks or clears the image in <paramref name="slot"/> as confirmed once.</summary>
        public void SetKnownGood(int slot, bool good)
        {
            KnownGoodSlots = good ? KnownGoodSlots | (1 << slot) : KnownGoodSlots & ~(1 << slot);
        }

        /// <summary>The slot's content changes (upload, erase): what was known of its image no longer holds.</summary>
        public void SlotWritten(int slot)
        {
            SetRejected(slot, false);
            SetKnownGood(slot, false);
            if (PendingSlot == slot)
            {
                PendingSlot = NoSlot;
                PendingPermanent = false;
            }
        }

        /// <summary>True if the image in <paramref name="slot"/> failed its trial.</summary>
        public bool IsRejected(int slot)
        {
            return slot >= 0 && (RejectedSlots & (1 << slot)) != 0;
        }

        /// <summary>Marks or clears the image in <paramref name="slot"/> as having failed its trial.</summary>
        public void SetRejected(int slot, bool rejected)
        {
            if (rejected)
            {
                RejectedSlots |= 1 << slot;
            }
            else
            {
                RejectedSlots &= ~(1 << slot);
            }
        }

        /// <summary>Forgets the upload in progress.</summary>
        public void ClearUpload()
        {
            UploadSlot = NoSlot;
            UploadLength = 0;
            UploadShaLength = 0;
            Array.Clear(UploadSha, 0, ShaSize);
        }

        /// <summary>Back to the state of a device that has never been updated (sequence kept).</summary>
        public void Clear()
        {
            ConfirmedSlot = NoSlot;
            PendingSlot = NoSlot;
            PendingPermanent = false;
            TrialSlot = NoSlot;
            SoftReboot = false;
            RejectedSlots = 0;
            KnownGoodSlots = 0;
            WindowArmed = false;
            WindowLeftSeconds = 0;
            CodeFailures = 0;
            SecurityCounter = 0;
            BootCount = 0;
            ClearUpload();
        }

        /// <summary>Copies every field of <paramref name="other"/> into this state.</summary>
        public void CopyFrom(BootState other)
        {
            Sequence = other.Sequence;
            ConfirmedSlot = other.ConfirmedSlot;
            PendingSlot = other.PendingSlot;
            PendingPermanent = other.PendingPermanent;
            TrialSlot = other.TrialSlot;
            SoftReboot = other.SoftReboot;
            RejectedSlots = other.RejectedSlots;
            KnownGoodSlots = other.KnownGoodSlots;
            WindowArmed = other.WindowArmed;
            WindowLeftSeconds = other.WindowLeftSeconds;
            CodeFailures = other.CodeFailures;
            UploadShaLength = other.UploadShaLength;
            SecurityCounter = other.SecurityCounter;
            BootCount = other.BootCount;
            UploadSlot = other.UploadSlot;
            UploadLength = other.UploadLength;
            Array.Copy(other.UploadSha, UploadSha, ShaSize);
        }
    }
}
