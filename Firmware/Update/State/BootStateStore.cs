using System;
using FotaDevice.Platform;

namespace FotaDevice.Update.State
{
    /// <summary>
    /// Keeps the <see cref="BootState"/> power-fail safe and safe from the damage of either copy: two
    /// copies, each with a sequence number and a CRC. <see cref="Load"/> takes the newest valid copy;
    /// <see cref="Save"/> writes the older copy first, then the other one, so a write torn by a power
    /// cut leaves a whole copy of either the previous or the new state, and once a save returns both
    /// copies hold the new state: losing either one later loses nothing (not the confirmed image, not
    /// the anti-rollback counter).
    /// </summary>
    public sealed class BootStateStore
    {
        private readonly IRecordStore _store;
        private readonly byte[] _record = new byte[BootRecordCodec.Size];
        private readonly byte[] _readBack = new byte[BootRecordCodec.Size];
        private readonly BootState _other = new BootState();
        private int _newestCopy = -1;
        private uint _newestSequence;

        /// <summary>Creates a store over the two record copies.</summary>
        public BootStateStore(IRecordStore store)
        {
            if (store == null)
            {
                throw new ArgumentNullException("store");
            }

            _store = store;
        }

        /// <summary>
        /// Reads the newest valid copy into <paramref name="state"/>. Returns false when neither copy
        /// is valid (a new device, or both copies damaged): <paramref name="state"/> is then the state
        /// of a device that has never been updated.
        /// </summary>
        public bool Load(BootState state)
        {
            bool valid0 = TryRead(0, state);
            bool valid1 = TryRead(1, _other);
            if (valid1 && (!valid0 || IsNewer(_other.Sequence, state.Sequence)))
            {
                state.CopyFrom(_other);
                _newestCopy = 1;
            }
            else if (valid0)
            {
                _newestCopy = 0;
            }
            else
            {
                state.Clear();
                state.Sequence = 0;
                _newestCopy = -1;
                _newestSequence = 0;
                return false;
            }

            _newestSequence = state.Sequence;
            return true;
        }

        /// <summary>
        /// Writes <paramref name="state"/> into both copies, the older one first, each with the next
        /// sequence number and read back before it counts. Throws <see cref="BootStateException"/> if
        /// the storage did not keep what was written; the newest whole copy then holds either the
        /// previous state (first write failed) or the new one (second write failed).
        /// </summary>
        public void Save(BootState state)
        {
            WriteOlderCopy(state);
            WriteOlderCopy(state);
        }

        private void WriteOlderCopy(BootState state)
        {
            int target = _newestCopy == 0 ? 1 : 0;
            uint sequence = _newestSequence + 1;
            state.Sequence = sequence;
            BootRecordCodec.Encode(state, _record);
            _store.Write(target, _record, 0, BootRecordCodec.Size);

            int read = _store.Read(target, _readBack, 0, BootRecordCodec.Size);
            if (read != BootRecordCodec.Size || !SameBytes(_record, _readBack))
            {
                throw new BootStateException("boot state copy " + target + " did not read back as written");
            }

            _newestCopy = target;
            _newestSequence = sequence;
        }

        private bool TryRead(int copy, BootState into)
        {
            int read = _store.Read(copy, _record, 0, BootRecordCodec.Size);
            return BootRecordCodec.TryDecode(_record, read, into);
        }

        /// <summary>Serial-number comparison, so the sequence may wrap around.</summary>
        private static bool IsNewer(uint candidate, uint reference)
        {
            return (int)(candidate - reference) > 0;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            for (int i = 0; i < BootRecordCodec.Size; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
