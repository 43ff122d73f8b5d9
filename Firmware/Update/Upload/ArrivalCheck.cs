using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Update.Upload
{
    /// <summary>
    /// Checks an image as it arrives, over what reads back from the slot: after each stored chunk it
    /// reads back the whole blocks the slot now holds beyond what was checked, and feeds them to the
    /// streaming verifier, so the SHA-256 (and the image's parse) keeps up with the upload and no reply
    /// waits for a whole-image pass. Reading whole <see cref="BlockSize"/> blocks matches the slot's own
    /// write blocks (<see cref="FotaDevice.Platform.Storage.FileSlot"/>): a read back never makes it
    /// write a partial block. The state is RAM only: after a restart (or when another image took the
    /// slot) the check starts again from the slot's first byte, and catches up with the stored prefix
    /// by at most <see cref="CatchUpBytesPerRequest"/> more per request; what is still missing when the
    /// last byte arrives is read then (once, bounded by the image size).
    /// </summary>
    internal sealed class ArrivalCheck
    {
        /// <summary>What is read back at a time: the slot's write block.</summary>
        public const int BlockSize = 4096;

        /// <summary>How much of a stored prefix a request re-reads beyond what it stored itself.</summary>
        public const int CatchUpBytesPerRequest = 8192;

        private const int ReadSize = 512;

        private readonly IIncrementalSlotVerifier _verifier;
        private readonly byte[] _buffer = new byte[ReadSize];
        private int _slot = -1;
        private int _checked;
        private bool _complete;

        public ArrivalCheck(IIncrementalSlotVerifier verifier)
        {
            _verifier = verifier;
        }

        /// <summary>True when the device's verifier checks images as they arrive (else the last byte starts a whole pass).</summary>
        public bool Available
        {
            get { return _verifier != null; }
        }

        /// <summary>The slot whose image is being checked, or -1.</summary>
        public int Slot
        {
            get { return _slot; }
        }

        /// <summary>Bytes of the slot checked so far.</summary>
        public int Checked
        {
            get { return _checked; }
        }

        /// <summary>True when every byte of the image was checked and only its conclusion (the signature) remains.</summary>
        public bool Pending
        {
            get { return _slot >= 0 && _complete; }
        }

        /// <summary>Follows the image in <paramref name="slot"/> from its first byte (a new image, or after a restart).</summary>
        public void Start(int slot)
        {
            if (_verifier == null)
            {
                return;
            }

            _verifier.StartStream();
            _slot = slot;
            _checked = 0;
            _complete = false;
        }

        /// <summary>Follows nothing (the slot was written by something else, or erased).</summary>
        public void Stop()
        {
            _slot = -1;
            _complete = false;
        }

        /// <summary>
        /// After <paramref name="stored"/> bytes were stored: checks the whole blocks the slot now holds,
        /// at most <paramref name="stored"/> + <see cref="CatchUpBytesPerRequest"/> bytes.
        /// </summary>
        public void Follow(ISlot slot, int stored)
        {
            int budget = stored + CatchUpBytesPerRequest;
            while (slot.Length - _checked >= BlockSize && budget >= BlockSize)
            {
                ReadBack(slot, _checked + BlockSize);
                budget -= BlockSize;
            }
        }

        /// <summary>
        /// The last byte is stored: checks the rest and copies the SHA-256 of the whole image into
        /// <paramref name="fileHash"/>; false when it is not known (a malformed image).
        /// </summary>
        public bool Complete(ISlot slot, byte[] fileHash)
        {
            ReadBack(slot, slot.Length);
            _complete = true;
            return _verifier.CopyStreamFileHash(fileHash, 0);
        }

        /// <summary>Concludes the pending check: the signature (one verify) and the device's own checks.</summary>
        public SlotVerdict Conclude()
        {
            SlotVerdict verdict = _verifier.FinishStream(_checked);
            Stop();
            return verdict;
        }

        /// <summary>The verdict to show while the image is still arriving.</summary>
        public static SlotVerdict Receiving(int stored, int length)
        {
            SlotVerdict verdict = new SlotVerdict();
            verdict.Length = stored;
            verdict.Reason = "being received: " + stored.ToString() + " of " + length.ToString() + " bytes";
            return verdict;
        }

        private void ReadBack(ISlot slot, int to)
        {
            while (_checked < to)
            {
                int want = to - _checked < ReadSize ? to - _checked : ReadSize;
                int read = slot.Read(_checked, _buffer, 0, want);
                if (read <= 0)
                {
                    throw new System.IO.IOException("the slot reads back " + _checked.ToString() + " of its " + slot.Length.ToString() + " bytes");
                }

                _verifier.Feed(_buffer, 0, read);
                _checked += read;
            }
        }
    }
}
