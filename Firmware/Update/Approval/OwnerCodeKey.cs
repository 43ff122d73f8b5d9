using System;

namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// What a device keeps of its printed owner code: a random salt and the key derived from the code
    /// with it (PBKDF2-HMAC-SHA256, see docs/smp-fota-group.md). The code itself is never on the device;
    /// the host derives the same key from the code and the salt the device reports. Made by
    /// <c>fota code new</c> at build or flash time.
    /// </summary>
    public sealed class OwnerCodeKey
    {
        /// <summary>Bytes of the salt.</summary>
        public const int SaltSize = 16;

        /// <summary>Bytes of the derived key.</summary>
        public const int KeySize = 32;

        private readonly byte[] _salt;
        private readonly byte[] _key;

        /// <summary>Takes a copy of <paramref name="salt"/> (16 bytes) and <paramref name="key"/> (32 bytes).</summary>
        public OwnerCodeKey(byte[] salt, byte[] key)
        {
            if (salt == null || salt.Length != SaltSize)
            {
                throw new ArgumentException("the owner code's salt must be 16 bytes", "salt");
            }

            if (key == null || key.Length != KeySize)
            {
                throw new ArgumentException("the owner code's key must be 32 bytes", "key");
            }

            _salt = (byte[])salt.Clone();
            _key = (byte[])key.Clone();
        }

        /// <summary>The salt (public: the device reports it). Not to be changed.</summary>
        public byte[] Salt
        {
            get { return _salt; }
        }

        /// <summary>The derived key (secret). Not to be changed.</summary>
        internal byte[] Key
        {
            get { return _key; }
        }
    }
}
