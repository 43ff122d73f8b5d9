using System;
using FotaDevice.Crypto;

namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// The owner code's proof: HMAC-SHA256(key, challenge ‖ image hash ‖ action), where key is the
    /// device's <see cref="OwnerCodeKey"/>, challenge the 16 bytes the device offered, image hash the
    /// 32-byte hash the request names (all zero for a request that names none) and action one byte
    /// (<see cref="ApprovalAction"/>'s value), so that a proof approves one action on one image, once.
    /// Computed by the host, checked by the device; the same code on both.
    /// </summary>
    public static class CodeProof
    {
        /// <summary>Bytes of a challenge.</summary>
        public const int ChallengeSize = 16;

        /// <summary>Bytes of an image hash in the message.</summary>
        public const int HashSize = 32;

        /// <summary>Bytes of a proof.</summary>
        public const int Size = HmacSha256.Size;

        private const int MessageSize = ChallengeSize + HashSize + 1;

        /// <summary>
        /// The proof for <paramref name="action"/> on the image whose hash is at <paramref name="hashOffset"/>
        /// in <paramref name="hash"/> (null: none), answering <paramref name="challenge"/> (at its offset).
        /// </summary>
        public static byte[] Compute(byte[] key, byte[] challenge, int challengeOffset, ApprovalAction action, byte[] hash, int hashOffset)
        {
            byte[] message = new byte[MessageSize];
            Array.Copy(challenge, challengeOffset, message, 0, ChallengeSize);
            if (hash != null)
            {
                Array.Copy(hash, hashOffset, message, ChallengeSize, HashSize);
            }

            message[MessageSize - 1] = (byte)action;
            return HmacSha256.Compute(key, message);
        }

        /// <summary>
        /// True if <paramref name="count"/> bytes of <paramref name="a"/> and <paramref name="b"/> are
        /// equal, taking the same time wherever they differ (no early exit: a wrong proof tells nothing
        /// of how much of it was right).
        /// </summary>
        public static bool EqualInConstantTime(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference == 0;
        }
    }
}
