using System;
using FotaDevice.Binary;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Update.Upload
{
    /// <summary>
    /// Streams an image into the inactive slot with the semantics of Zephyr's SMP image upload:
    /// the first chunk (offset 0) carries the total length and optionally the image's SHA-256; every
    /// answer gives the offset expected next, so duplicate, out-of-order and overlapping chunks are
    /// answered with that offset and never written. The same image (same length and SHA-256) resumes
    /// where the slot ends, also after a restart; any other image starts over. One client at a time:
    /// another gets <see cref="UpdateStatus.Busy"/> until the first stalls — unless it presents the
    /// same image, which is the same upload resumed by a restarted client. An upload stalls when no
    /// byte has been stored for <see cref="StallMilliseconds"/> (requests without data do not count),
    /// or when, after that long, its client has stored less than <see cref="MinimumBytesPerSecond"/>
    /// on average: a stranger cannot hold the slot with empty or trickling chunks, nor by starting
    /// over. Writing the inactive slot never changes what boots; a slot holding an approved switch is
    /// not written.
    /// </summary>
    internal sealed class Uploader
    {
        /// <summary>How long an upload may store nothing before another client may take over.</summary>
        public const int StallMilliseconds = 30000;

        /// <summary>The slowest average an upload may keep after its first <see cref="StallMilliseconds"/>.</summary>
        public const int MinimumBytesPerSecond = 512;

        private readonly UpdateContext _context;
        private readonly IClock _clock;
        private readonly UploadReply _reply = new UploadReply();
        private object _client;
        private long _lastProgressAt;
        private long _sessionStartedAt;
        private long _sessionBytes;

        public Uploader(UpdateContext context, IClock clock)
        {
            _context = context;
            _clock = clock;
        }

        /// <summary>True if another client's upload is in progress and has not stalled.</summary>
        public bool IsBusyFor(object client)
        {
            // Equals, not identity: a transport may describe the same client with a new object each time (UDP endpoints).
            return _client != null && _context.State.UploadSlot != BootState.NoSlot && !_client.Equals(client) && !Stalled;
        }

        /// <summary>True if another client's upload into <paramref name="slot"/> is in progress and has not stalled.</summary>
        public bool IsBusyFor(object client, int slot)
        {
            return _context.State.UploadSlot == slot && IsBusyFor(client);
        }

        private bool Stalled
        {
            get
            {
                long now = _clock.UptimeMilliseconds;
                if (now - _lastProgressAt >= StallMilliseconds)
                {
                    return true;
                }

                long late = now - _sessionStartedAt - StallMilliseconds;
                return late > 0 && _sessionBytes * 1000 < MinimumBytesPerSecond * late;
            }
        }

        /// <summary><paramref name="client"/> holds the upload; a new client starts a new session (its own average).</summary>
        private void Hold(object client)
        {
            long now = _clock.UptimeMilliseconds;
            if (_client == null || !_client.Equals(client))
            {
                _client = client;
                _sessionStartedAt = now;
                _sessionBytes = 0;
            }

            _lastProgressAt = now;
        }

        /// <summary>Handles one chunk. <paramref name="declaredLength"/> is -1 and <paramref name="sha"/> null when absent.</summary>
        public UploadReply Chunk(object client, int offset, byte[] data, int dataOffset, int count, int declaredLength, byte[] sha, int shaOffset, int shaLength)
        {
            _reply.Reset();
            BootState state = _context.State;
            if (_context.RunningOnTrial)
            {
                return _reply.Fail(UpdateStatus.BadState, "the running image is on trial: confirm it (or let it revert) before uploading");
            }

            int slotIndex = _context.InactiveSlot;
            if (IsBusyFor(client) && !IsSameUpload(slotIndex, offset, declaredLength, sha, shaOffset, shaLength))
            {
                return _reply.Fail(UpdateStatus.Busy, "another client is uploading");
            }

            ISlot slot = _context.Slots[slotIndex];
            if (offset < 0 || count < 0)
            {
                return _reply.Fail(UpdateStatus.InvalidRequest, "negative offset or length");
            }

            if (offset == 0 && declaredLength >= 0)
            {
                if (!Begin(client, slotIndex, slot, declaredLength, sha, shaOffset, shaLength))
                {
                    return _reply;
                }

                if (_reply.NextOffset > 0)
                {
                    return _reply; // resumed: the client continues from the slot's end
                }
            }
            else if (state.UploadSlot != slotIndex || state.UploadLength == 0)
            {
                return _reply.Fail(UpdateStatus.InvalidRequest, "no upload in progress: start at offset 0 with the image length");
            }
            else if (offset != slot.Length)
            {
                _reply.NextOffset = slot.Length; // duplicate, gap or overlap: say where to continue
                return _reply;
            }

            if (count > state.UploadLength - offset)
            {
                _reply.NextOffset = slot.Length;
                return _reply.Fail(UpdateStatus.InvalidRequest, "data past the declared image length");
            }

            if (!Append(slot, offset, data, dataOffset, count))
            {
                return _reply;
            }

            if (count > 0)
            {
                Hold(client); // only stored bytes keep an upload alive
                _sessionBytes += count;
            }

            _reply.NextOffset = slot.Length;
            if (slot.Length == state.UploadLength)
            {
                Finish(slotIndex);
            }

            return _reply;
        }

        /// <summary>
        /// True for a first chunk that names the upload in progress (same length and SHA-256): the same
        /// image from a restarted or reconnected client, which may take the upload over and resume it.
        /// </summary>
        private bool IsSameUpload(int slotIndex, int offset, int declaredLength, byte[] sha, int shaOffset, int shaLength)
        {
            BootState state = _context.State;
            return offset == 0 && state.UploadSlot == slotIndex && state.UploadLength == declaredLength && SameSha(sha, shaOffset, shaLength);
        }

        /// <summary>True if the client's "sha" is the one recorded for the upload in progress (same length, same bytes).</summary>
        private bool SameSha(byte[] sha, int shaOffset, int shaLength)
        {
            BootState state = _context.State;
            return sha != null && shaLength > 0 && shaLength == state.UploadShaLength && Bytes.Equal(state.UploadSha, 0, sha, shaOffset, shaLength);
        }

        /// <summary>Forgets the upload (the slot was erased or another action took the slot).</summary>
        public void Abandon()
        {
            _client = null;
        }

        private bool Begin(object client, int slotIndex, ISlot slot, int length, byte[] sha, int shaOffset, int shaLength)
        {
            BootState state = _context.State;
            if (length == 0)
            {
                _reply.Fail(UpdateStatus.InvalidRequest, "image length 0");
                return false;
            }

            if (length > slot.Capacity)
            {
                _reply.Fail(UpdateStatus.TooLarge, "image of " + length + " bytes does not fit the slot (" + slot.Capacity + " bytes)");
                return false;
            }

            if (state.UploadSlot == slotIndex && state.UploadLength == length
                && slot.Length > 0 && slot.Length <= length && SameSha(sha, shaOffset, shaLength))
            {
                Hold(client);
                _reply.NextOffset = slot.Length;
                _context.Log.Info("resuming the upload into slot " + BootDecision.SlotName(slotIndex) + " at " + slot.Length + " of " + length + " bytes");
                if (slot.Length == length)
                {
                    Finish(slotIndex);
                }

                return true;
            }

            if (state.PendingSlot == slotIndex)
            {
                _reply.Fail(UpdateStatus.BadState, "slot " + BootDecision.SlotName(slotIndex)
                    + " holds the approved switch: restart to run it, or erase the slot (needs approval) to upload another image");
                return false;
            }

            // A new image: empty the slot first, then record the upload. A power cut in between leaves an
            // empty slot and no record; recording first could let a restart resume onto the old content.
            _context.SlotWritten(slotIndex);
            try
            {
                slot.Erase();
            }
            catch (Exception e)
            {
                _reply.Fail(UpdateStatus.StorageError, "could not erase the slot: " + e.Message);
                return false;
            }

            state.UploadSlot = slotIndex;
            state.UploadLength = length;
            Array.Clear(state.UploadSha, 0, BootState.ShaSize);
            state.UploadShaLength = sha == null ? 0 : shaLength;
            if (sha != null)
            {
                Array.Copy(sha, shaOffset, state.UploadSha, 0, shaLength);
            }

            if (!_context.TrySave())
            {
                _context.Reload();
                _reply.Fail(UpdateStatus.StorageError, "could not record the upload");
                return false;
            }

            Hold(client);
            _context.Log.Info("receiving an image of " + length + " bytes into slot " + BootDecision.SlotName(slotIndex));
            return true;
        }

        private bool Append(ISlot slot, int offset, byte[] data, int dataOffset, int count)
        {
            if (count == 0)
            {
                return true;
            }

            _context.SlotWritten(_context.InactiveSlot); // its content changes: any earlier check or approval is void
            try
            {
                slot.Append(offset, data, dataOffset, count);
                return true;
            }
            catch (Exception e)
            {
                _reply.NextOffset = slot.Length;
                _reply.Fail(UpdateStatus.StorageError, "could not write the slot: " + e.Message);
                return false;
            }
        }

        /// <summary>The whole image is in: check it from what reads back, and close the upload.</summary>
        private void Finish(int slotIndex)
        {
            BootState state = _context.State;
            SlotVerdict verdict = _context.Catalog.Refresh(slotIndex);
            _reply.Complete = true;
            if (state.UploadShaLength == BootState.ShaSize)
            {
                _reply.HasMatch = true;
                _reply.Match = verdict.FileHash != null && Bytes.Equal(verdict.FileHash, 0, state.UploadSha, 0, BootState.ShaSize);
            }

            if (verdict.Bootable)
            {
                _context.Log.Info("received version " + verdict.VersionText + " into slot " + BootDecision.SlotName(slotIndex) + ": hash and signature verified");
            }
            else
            {
                _context.Log.Warn("received an image into slot " + BootDecision.SlotName(slotIndex) + " that fails its check: " + verdict.Reason);
            }

            if (_reply.HasMatch && !_reply.Match)
            {
                _context.Log.Warn("the stored image does not match the SHA-256 the client announced");
            }

            state.ClearUpload();
            _client = null;
            if (!_context.TrySave())
            {
                _context.Reload();
            }
        }
    }
}
