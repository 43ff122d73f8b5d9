using System.Collections;

namespace FotaDevice.Image
{
    /// <summary>The public keys a device trusts to sign images (several allow key rotation).</summary>
    public sealed class KeyRing
    {
        private readonly ArrayList _keys = new ArrayList();

        /// <summary>
        /// Adds a key given as DER SubjectPublicKeyInfo (as <c>imgtool getpub -e raw</c> or
        /// <c>fota getpub</c> gives it). Throws <see cref="ImageException"/> for a malformed key and
        /// <see cref="System.ArgumentException"/> for a key already in the ring.
        /// </summary>
        public TrustedKey Add(byte[] subjectPublicKeyInfo)
        {
            return Add(subjectPublicKeyInfo, 0, subjectPublicKeyInfo.Length);
        }

        /// <summary>Adds a key given as DER SubjectPublicKeyInfo from part of an array; see <see cref="Add(byte[])"/>.</summary>
        public TrustedKey Add(byte[] subjectPublicKeyInfo, int offset, int length)
        {
            TrustedKey key = new TrustedKey(subjectPublicKeyInfo, offset, length, _keys.Count);
            if (key.Algorithm == KeyAlgorithm.EcdsaP256 && !new FotaDevice.Crypto.EcdsaP256Verifier().IsValidPublicKey(key.PublicKey, 0))
            {
                throw new ImageException(ImageError.MalformedPublicKey, "public key: the P-256 point is not on the curve");
            }

            if (Find(key.KeyHash, 0) != null)
            {
                throw new System.ArgumentException("the key is already trusted");
            }

            _keys.Add(key);
            return key;
        }

        /// <summary>Number of keys.</summary>
        public int Count
        {
            get { return _keys.Count; }
        }

        /// <summary>The key at <paramref name="index"/>.</summary>
        public TrustedKey this[int index]
        {
            get { return (TrustedKey)_keys[index]; }
        }

        /// <summary>The key whose hash is the 32 bytes at <paramref name="offset"/>, or null.</summary>
        public TrustedKey Find(byte[] keyHash, int offset)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                TrustedKey key = (TrustedKey)_keys[i];
                if (key.HashEquals(keyHash, offset))
                {
                    return key;
                }
            }

            return null;
        }

        /// <summary>True if some key uses <paramref name="algorithm"/>.</summary>
        public bool Contains(KeyAlgorithm algorithm)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                if (((TrustedKey)_keys[i]).Algorithm == algorithm)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
