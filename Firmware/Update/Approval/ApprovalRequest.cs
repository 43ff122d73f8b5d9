using System;
using FotaDevice.Binary;

namespace FotaDevice.Update.Approval
{
    /// <summary>One thing the owner may approve: an action on a slot, bound to the image hash it had when asked.</summary>
    internal sealed class ApprovalRequest
    {
        public const int HashSize = 32;

        public ApprovalRequest()
        {
            Hash = new byte[HashSize];
            Clear();
        }

        public ApprovalAction Action { get; private set; }

        public int Slot { get; private set; }

        /// <summary>The image's hash (all zero for a request that names no image).</summary>
        public byte[] Hash { get; private set; }

        public bool IsEmpty
        {
            get { return Action == ApprovalAction.None; }
        }

        public void Set(ApprovalAction action, int slot, byte[] hash, int hashOffset)
        {
            Action = action;
            Slot = slot;
            if (hash == null)
            {
                Array.Clear(Hash, 0, HashSize);
            }
            else
            {
                Array.Copy(hash, hashOffset, Hash, 0, HashSize);
            }
        }

        public void CopyFrom(ApprovalRequest other)
        {
            Set(other.Action, other.Slot, other.Hash, 0);
        }

        public void Clear()
        {
            Action = ApprovalAction.None;
            Slot = -1;
            Array.Clear(Hash, 0, HashSize);
        }

        /// <summary>True if this request names the same image as the one given (null: none), in any slot.</summary>
        public bool SameImage(byte[] hash, int hashOffset)
        {
            return hash == null ? Bytes.IsZero(Hash, 0, HashSize) : Bytes.Equal(Hash, 0, hash, hashOffset, HashSize);
        }

        /// <summary>True if this request names the same slot and image as the one given.</summary>
        public bool SameTarget(int slot, byte[] hash, int hashOffset)
        {
            return Slot == slot && SameImage(hash, hashOffset);
        }
    }
}
