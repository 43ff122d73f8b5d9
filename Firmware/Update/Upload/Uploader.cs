using System;
using FotaDevice.Binary;
using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Rules;
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
    /// <para>As Zephyr's <c>img_mgmt_upload_inspect</c> then act: each request is inspected once
    /// (<see cref="Inspect"/>: every refusal is decided there, before anything changes) and then
    /// exactly one <see cref="UploadAction"/> is carried out. The image is checked as it arrives
    /// (<see cref="ArrivalCheck"/>); its verdict follows the last reply.</para>
    /// </summary>
    internal sealed class Uploader
    {
        /// <summary>How long an upload may store nothing before another client may take over.</summary>
        public const int StallMilliseconds = 30000;

        /// <summary>The slowest average an upload may keep after its first <see cref="StallMilliseconds"/>.</summary>
        public const int MinimumBytesPerSecond = 512;

        /// <summary>How long an upload may store nothing before what it stored is synced (its client stopped).</summary>
        public const int IdleSyncMilliseconds = 2000;

        private readonly UpdateContext _context;
        private readonly IClock _clock;
        private readonly ArrivalCheck _arrival;
        private readonly IIncrementalSlotVerifier _inspector;
        private readonly UploadReply _reply = new UploadReply();
        private readonly byte[] _fileHash = new byte[BootState.ShaSize];
        private object _client;
        private long _lastProgressAt;
        private int _unsyncedSlot = BootState.NoSlot;
        private long _sessionStartedAt;
        private long _sessionBytes;
        private int _completedSlot = BootState.NoSlot;
        private int _completedLength;
        private bool _completedHasMatch;
        private bool _completedMatch;

        public Uploader(UpdateContext context, IClock clock)
        {
            _context = context;
            _clock = clock;
            _arrival = context.Catalog.Arrival;
            _inspector = context.Catalog.Incremental;
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

        /// <summary>Handles one request: one inspection, then one action. The reply is reused by the next call.</summary>
        public UploadReply Chunk(UploadRequest request)
        {
            _reply.Reset();
            UploadAction action = Inspect(request);
            switch (action)
            {
                case UploadAction.Begin:
                    if (Begin(request))
                    {
                        Append(request);
                    }

                    break;
                case UploadAction.Resume:
                    Resume(request.Client);
                    break;
                case UploadAction.Append:
                    Append(request);
                    break;
            }

            return _reply;
        }

        /// <summary>
        /// Decides what the request does, changing nothing: every refusal is made here, so a refused
        /// request (a first chunk too large for the slot, data past its own length, another client's)
        /// never erases the slot nor voids what waits for it.
        /// </summary>
        private UploadAction Inspect(UploadRequest request)
        {
            BootState state = _context.State;
            if (_context.RunningOnTrial)
            {
                return Refuse(UpdateStatus.BadState, "the running image is on trial: confirm it (or let it revert) before uploading");
            }

            int slotIndex = _context.InactiveSlot;
            if (IsBusyFor(request.Client) && !IsSameUpload(slotIndex, request))
            {
                return Refuse(UpdateStatus.Busy, "another client is uploading");
            }

            ISlot slot = _context.Slots[slotIndex];
            int offset = request.Offset;
            int count = request.Count;
            if (offset < 0 || count < 0 || (count > 0 && request.Data == null))
            {
                return Refuse(UpdateStatus.InvalidRequest, "negative offset or length");
            }

            if (request.IsFirst)
            {
                return InspectFirst(request, slotIndex, slot);
            }

            if (state.UploadSlot != slotIndex || state.UploadLength == 0)
            {
                if (IsCompletedUpload(slotIndex, slot, offset, count))
                {
                    return Completed(); // a resent last chunk: the image is in
                }

                return Refuse(UpdateStatus.InvalidRequest, "no upload in progress: start at offset 0 with the image length");
            }

            if (offset != slot.Length)
            {
                return Report(slot.Length); // duplicate, gap or overlap: say where to continue
            }

            if (count > state.UploadLength - offset)
            {
                _reply.NextOffset = slot.Length;
                return Refuse(UpdateStatus.InvalidRequest, "data past the declared image length");
            }

            return count == 0 ? Report(slot.Length) : UploadAction.Append;
        }

        private UploadAction InspectFirst(UploadRequest request, int slotIndex, ISlot slot)
        {
            int length = request.DeclaredLength;
            if (length == 0)
            {
                return Refuse(UpdateStatus.InvalidRequest, "image length 0");
            }

            if (length > slot.Capacity)
            {
                return Refuse(UpdateStatus.TooLarge, "image of " + length + " bytes does not fit the slot (" + slot.Capacity + " bytes)");
            }

            if (request.Count > length)
            {
                return Refuse(UpdateStatus.InvalidRequest, "data past the declared image length");
            }

            BootState state = _context.State;
            if (state.UploadSlot == slotIndex && state.UploadLength == length
                && slot.Length > 0 && slot.Length <= length && SameSha(request.Sha, request.ShaOffset, request.ShaLength))
            {
                return UploadAction.Resume;
            }

            string refusal = InspectImage(request);
            if (refusal != null)
            {
                return Refuse(UpdateStatus.InvalidRequest, refusal);
            }

            if (state.PendingSlot == slotIndex)
            {
                return Refuse(UpdateStatus.BadState, "slot " + BootDecision.SlotName(slotIndex)
                    + " holds the approved switch: restart to run it, or erase the slot (needs approval) to upload another image");
            }

            return UploadAction.Begin;
        }

        /// <summary>What the first chunk's header already shows (the device's image format, and "upgrade"): why not, or null.</summary>
        private string InspectImage(UploadRequest request)
        {
            if (_inspector == null)
            {
                return null;
            }

            ImageVersion version;
            string refusal = _inspector.InspectStart(request.Data, request.DataOffset, request.Count, request.DeclaredLength, out version);
            if (refusal != null || version == null)
            {
                return refusal;
            }

            int running = _context.RunningSlot;
            return SwitchRules.UploadRefusal(version, running >= 0 ? _context.Catalog.Get(running) : null, request.Upgrade);
        }

        /// <summary>
        /// True for a first chunk that names the upload in progress (same length and SHA-256): the same
        /// image from a restarted or reconnected client, which may take the upload over and resume it.
        /// </summary>
        private bool IsSameUpload(int slotIndex, UploadRequest request)
        {
            BootState state = _context.State;
            return request.IsFirst && state.UploadSlot == slotIndex && state.UploadLength == request.DeclaredLength
                && SameSha(request.Sha, request.ShaOffset, request.ShaLength);
        }

        /// <summary>True if the client's "sha" is the one recorded for the upload in progress (same length, same bytes).</summary>
        private bool SameSha(byte[] sha, int shaOffset, int shaLength)
        {
            BootState state = _context.State;
            return sha != null && shaLength > 0 && shaLength == state.UploadShaLength && Bytes.Equal(state.UploadSha, 0, sha, shaOffset, shaLength);
        }

        /// <summary>A chunk of the image this start completed, sent again (its reply was lost), while the slot still holds it.</summary>
        private bool IsCompletedUpload(int slotIndex, ISlot slot, int offset, int count)
        {
            return _completedSlot == slotIndex && slot.Length == _completedLength && offset < _completedLength && count <= _completedLength - offset;
        }

        /// <summary>
        /// Makes what the upload stored durable when its client has gone quiet for
        /// <see cref="IdleSyncMilliseconds"/>, or at once when <paramref name="now"/> (the client left,
        /// the device restarts): a slot that gathers appends into flash blocks holds the tail in RAM
        /// until then. Never throws; a storage error is logged (the next append meets it too).
        /// </summary>
        public void Sync(bool now)
        {
            if (_unsyncedSlot == BootState.NoSlot || (!now && _clock.UptimeMilliseconds - _lastProgressAt < IdleSyncMilliseconds))
            {
                return;
            }

            int slot = _unsyncedSlot;
            _unsyncedSlot = BootState.NoSlot;
            try
            {
                _context.Slots[slot].Flush();
            }
            catch (Exception e)
            {
                _context.Log.Warn("could not sync slot " + BootDecision.SlotName(slot) + ": " + e.Message);
            }
        }

        /// <summary>Forgets the upload (the slot was erased or another action took the slot).</summary>
        public void Abandon()
        {
            _client = null;
            _arrival.Stop();
            _completedSlot = BootState.NoSlot;
        }

        private UploadAction Refuse(int status, string message)
        {
            _reply.Fail(status, message);
            return UploadAction.Refuse;
        }

        private UploadAction Report(int nextOffset)
        {
            _reply.NextOffset = nextOffset;
            return UploadAction.Report;
        }

        private UploadAction Completed()
        {
            _reply.NextOffset = _completedLength;
            _reply.Complete = true;
            _reply.HasMatch = _completedHasMatch;
            _reply.Match = _completedMatch;
            return UploadAction.Report;
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

        private void Resume(object client)
        {
            int slotIndex = _context.InactiveSlot;
            ISlot slot = _context.Slots[slotIndex];
            Hold(client);
            _reply.NextOffset = slot.Length;
            _context.Log.Info("resuming the upload into slot " + BootDecision.SlotName(slotIndex) + " at " + slot.Length + " of " + _context.State.UploadLength + " bytes");
            if (_arrival.Slot != slotIndex)
            {
                _arrival.Start(slotIndex); // RAM was lost: the stored prefix is checked again, spread over the next requests
            }

            Follow(slot, 0);
            if (slot.Length == _context.State.UploadLength)
            {
                Finish(slotIndex);
            }
        }

        private bool Begin(UploadRequest request)
        {
            BootState state = _context.State;
            int slotIndex = _context.InactiveSlot;
            ISlot slot = _context.Slots[slotIndex];

            // A new image: empty the slot first, then record the upload. A power cut in between leaves an
            // empty slot and no record; recording first could let a restart resume onto the old content.
            _context.SlotWritten(slotIndex);
            _completedSlot = BootState.NoSlot;
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
            state.UploadLength = request.DeclaredLength;
            Array.Clear(state.UploadSha, 0, BootState.ShaSize);
            state.UploadShaLength = request.Sha == null ? 0 : request.ShaLength;
            if (request.Sha != null)
            {
                Array.Copy(request.Sha, request.ShaOffset, state.UploadSha, 0, request.ShaLength);
            }

            if (!_context.TrySave())
            {
                _context.Reload();
                _reply.Fail(UpdateStatus.StorageError, "could not record the upload");
                return false;
            }

            Hold(request.Client);
            _arrival.Start(slotIndex);
            _context.Log.Info("receiving an image of " + request.DeclaredLength + " bytes into slot " + BootDecision.SlotName(slotIndex));
            return true;
        }

        private void Append(UploadRequest request)
        {
            int slotIndex = _context.InactiveSlot;
            ISlot slot = _context.Slots[slotIndex];
            int count = request.Count;
            if (count > 0)
            {
                _context.SlotAppended(slotIndex); // its content changes: any earlier verdict or approval is void

                try
                {
                    slot.Append(request.Offset, request.Data, request.DataOffset, count);
                }
                catch (Exception e)
                {
                    _reply.NextOffset = slot.Length;
                    _reply.Fail(UpdateStatus.StorageError, "could not write the slot: " + e.Message);
                    return;
                }

                Hold(request.Client); // only stored bytes keep an upload alive
                _sessionBytes += count;
                _unsyncedSlot = slotIndex;
                if (_arrival.Slot != slotIndex)
                {
                    _arrival.Start(slotIndex);
                }

                Follow(slot, count);
            }

            _reply.NextOffset = slot.Length;
            if (slot.Length == _context.State.UploadLength)
            {
                Finish(slotIndex);
            }
        }

        private void Follow(ISlot slot, int stored)
        {
            if (_arrival.Slot < 0)
            {
                return;
            }

            try
            {
                _arrival.Follow(slot, stored);
            }
            catch (Exception e)
            {
                _arrival.Stop(); // the last byte then starts a whole pass
                _context.Log.Warn("could not read the slot back as the image arrives (" + e.Message + "): it is checked once complete");
            }
        }

        /// <summary>
        /// The whole image is in: the rest of it is read back and hashed (the reply says whether the
        /// stored image matches the announced SHA-256), the upload is closed, and the signature check
        /// follows the reply (<see cref="UpdateEngine.FinishChecks"/>). Without a streaming verifier
        /// (or when reading back failed) the image is checked now, in a whole pass.
        /// </summary>
        private void Finish(int slotIndex)
        {
            BootState state = _context.State;
            ISlot slot = _context.Slots[slotIndex];
            byte[] fileHash = null;
            if (_arrival.Slot == slotIndex)
            {
                try
                {
                    fileHash = _arrival.Complete(slot, _fileHash) ? _fileHash : null;
                }
                catch (Exception e)
                {
                    _arrival.Stop();
                    _context.Log.Warn("could not read the slot back (" + e.Message + ")");
                }
            }

            if (_arrival.Slot != slotIndex)
            {
                fileHash = _context.Catalog.Refresh(slotIndex).FileHash;
            }

            _reply.Complete = true;
            if (state.UploadShaLength == BootState.ShaSize)
            {
                _reply.HasMatch = true;
                _reply.Match = fileHash != null && Bytes.Equal(fileHash, 0, state.UploadSha, 0, BootState.ShaSize);
                if (!_reply.Match)
                {
                    _context.Log.Warn("the stored image does not match the SHA-256 the client announced");
                }
            }

            _completedSlot = slotIndex;
            _completedLength = slot.Length;
            _completedHasMatch = _reply.HasMatch;
            _completedMatch = _reply.Match;
            state.ClearUpload();
            _client = null;
            if (!_context.TrySave())
            {
                _context.Reload();
            }
        }
    }
}
