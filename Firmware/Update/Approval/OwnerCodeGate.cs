using FotaDevice.Binary;
using FotaDevice.Platform;

namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// The device's side of the owner code for one start: the challenge it offers, the proof check and
    /// the throttle. A challenge is made when one is asked for and none is outstanding, and stays the
    /// same until an attempt uses it (any attempt, right or wrong): it answers one attempt only. After
    /// <see cref="FreeFailures"/> wrong proofs in a row each further one doubles the wait before the
    /// next attempt, from 1 s up to <see cref="MaxDelayMilliseconds"/>; the count is kept in the boot
    /// record by the caller, and a start counts its wait from its own beginning, so a restart never
    /// shortens it. There is no lock-out for good: a stranger could otherwise lock the owner out.
    /// </summary>
    internal sealed class OwnerCodeGate
    {
        /// <summary>Wrong proofs in a row that cost no wait.</summary>
        public const int FreeFailures = 3;

        /// <summary>The longest wait between attempts (reached after 15 wrong proofs in a row).</summary>
        public const long MaxDelayMilliseconds = 3600000;

        private readonly OwnerCodeKey _key;
        private readonly IRandomSource _random;
        private readonly IClock _clock;
        private readonly byte[] _challenge = new byte[CodeProof.ChallengeSize];
        private bool _live;
        private long _lastFailureAt; // 0: the wait after failures recorded before this start counts from its beginning

        /// <summary>Creates the gate; <paramref name="key"/> null means the device has no code.</summary>
        public OwnerCodeGate(OwnerCodeKey key, IRandomSource random, IClock clock)
        {
            if (key != null && random == null)
            {
                throw new System.ArgumentException("an owner code needs a random source for its challenges", "random");
            }

            _key = key;
            _random = random;
            _clock = clock;
        }

        /// <summary>True if the device has an owner code.</summary>
        public bool HasCode
        {
            get { return _key != null; }
        }

        /// <summary>The salt the host derives the key with (null without a code). Not to be changed.</summary>
        public byte[] Salt
        {
            get { return _key == null ? null : _key.Salt; }
        }

        /// <summary>The wait after <paramref name="failures"/> wrong proofs in a row.</summary>
        public static long DelayMilliseconds(int failures)
        {
            int doublings = failures - FreeFailures;
            if (doublings < 0)
            {
                return 0;
            }

            long delay = doublings >= 22 ? MaxDelayMilliseconds : 1000L << doublings;
            return delay < MaxDelayMilliseconds ? delay : MaxDelayMilliseconds;
        }

        /// <summary>The challenge to answer: the outstanding one, or a fresh one (null without a code). Not to be changed.</summary>
        public byte[] Challenge()
        {
            if (_key == null)
            {
                return null;
            }

            if (!_live)
            {
                _random.Fill(_challenge, 0, CodeProof.ChallengeSize);
                _live = true;
            }

            return _challenge;
        }

        /// <summary>Milliseconds before an attempt is taken, after <paramref name="failures"/> wrong proofs in a row.</summary>
        public long WaitMilliseconds(int failures)
        {
            long left = _lastFailureAt + DelayMilliseconds(failures) - _clock.UptimeMilliseconds;
            return left > 0 ? left : 0;
        }

        /// <summary>True if <paramref name="challenge"/> (at its offset) is the outstanding challenge.</summary>
        public bool IsOutstanding(byte[] challenge, int offset)
        {
            return _live && Bytes.Equal(_challenge, 0, challenge, offset, CodeProof.ChallengeSize);
        }

        /// <summary>
        /// Uses up the outstanding challenge and tells whether <paramref name="proof"/> answers it for
        /// <paramref name="action"/> on the image <paramref name="hash"/> names (compared in constant time).
        /// A wrong proof starts the wait.
        /// </summary>
        public bool Check(ApprovalAction action, byte[] hash, int hashOffset, byte[] proof, int proofOffset)
        {
            _live = false;
            byte[] expected = CodeProof.Compute(_key.Key, _challenge, 0, action, hash, hashOffset);
            bool right = CodeProof.EqualInConstantTime(expected, 0, proof, proofOffset, CodeProof.Size);
            if (!right)
            {
                _lastFailureAt = _clock.UptimeMilliseconds;
            }

            return right;
        }
    }
}
