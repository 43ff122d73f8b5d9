namespace FotaDevice.Image
{
    /// <summary>
    /// A public key the device trusts: its SubjectPublicKeyInfo DER, the raw key, and the key
    /// hash (SHA-256 of the DER, as in the KEYHASH TLV), computed once.
    /// </summary>
    public sealed class TrustedKey
    {
        private readonly KeyAlgorithm _algorithm;
        private readonly byte[] _subjectPublicKeyInfo;
        private readonly byte[] _publicKey;
        private readonly byte[] _keyHash;
        private readonly int _index;

        /// <summary>
        /// Reads a trusted key from DER SubjectPublicKeyInfo (copied). Throws
        /// <see cref="ImageException"/> (<see cref="ImageError.MalformedPublicKey"/>).
        /// </summary>
        public TrustedKey(byte[] subjectPublicKeyInfo, int offset, int length, int index)
        {
            PublicKeyInfo info = PublicKeyInfo.Parse(subjectPublicKeyInfo, offset, length);
            _algorithm = info.Algorithm;
            _publicKey = info.PublicKey;
            _subjectPublicKeyInfo = new byte[length];
            System.Array.Copy(subjectPublicKeyInfo, offset, _subjectPublicKeyInfo, 0, length);
            _keyHash = new byte[Crypto.Sha256.HashSize];
            Crypto.Sha256.Hash(_subjectPublicKeyInfo, 0, length, _keyHash, 0);
            _index = index;
        }

        /// <summary>The key's algorithm.</summary>
        public KeyAlgorithm Algorithm
        {
            get { return _algorithm; }
        }

        /// <summary>The DER SubjectPublicKeyInfo (do not modify).</summary>
        public byte[] SubjectPublicKeyInfo
        {
            get { return _subjectPublicKeyInfo; }
        }

        /// <summary>The raw key: 65 bytes 0x04‖X‖Y for P-256, 32 bytes for Ed25519 (do not modify).</summary>
        public byte[] PublicKey
        {
            get { return _publicKey; }
        }

        /// <summary>SHA-256 of <see cref="SubjectPublicKeyInfo"/> (do not modify).</summary>
        public byte[] KeyHash
        {
            get { return _keyHash; }
        }

        /// <summary>Position of the key in its <see cref="KeyRing"/>.</summary>
        public int Index
        {
            get { return _index; }
        }

        /// <summary>True if the 32 bytes at <paramref name="offset"/> are this key's hash.</summary>
        public bool HashEquals(byte[] hash, int offset)
        {
            byte[] mine = _keyHash;
            for (int i = 0; i < mine.Length; i++)
            {
                if (hash[offset + i] != mine[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
