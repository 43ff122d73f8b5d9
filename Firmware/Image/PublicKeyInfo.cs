namespace FotaDevice.Image
{
    /// <summary>
    /// A public key read from DER SubjectPublicKeyInfo (RFC 5280), strictly: a P-256 key
    /// (id-ecPublicKey with namedCurve prime256v1, uncompressed point, RFC 5480) or an Ed25519
    /// key (id-Ed25519 without parameters, RFC 8410); nothing before, between or after.
    /// </summary>
    public sealed class PublicKeyInfo
    {
        /// <summary>Size of a P-256 SubjectPublicKeyInfo.</summary>
        public const int EcdsaP256Size = 91;

        /// <summary>Size of an Ed25519 SubjectPublicKeyInfo.</summary>
        public const int Ed25519Size = 44;

        // Content octets of the object identifiers.
        private static readonly byte[] OidEcPublicKey = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };   // 1.2.840.10045.2.1
        private static readonly byte[] OidPrime256v1 = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 }; // 1.2.840.10045.3.1.7
        private static readonly byte[] OidEd25519 = { 0x2b, 0x65, 0x70 };                                // 1.3.101.112

        private readonly KeyAlgorithm _algorithm;
        private readonly byte[] _publicKey;

        private PublicKeyInfo(KeyAlgorithm algorithm, byte[] publicKey)
        {
            _algorithm = algorithm;
            _publicKey = publicKey;
        }

        /// <summary>The key's algorithm.</summary>
        public KeyAlgorithm Algorithm
        {
            get { return _algorithm; }
        }

        /// <summary>The raw key: 65 bytes 0x04‖X‖Y for P-256, 32 bytes for Ed25519.</summary>
        public byte[] PublicKey
        {
            get { return _publicKey; }
        }

        /// <summary>Reads a SubjectPublicKeyInfo; throws <see cref="ImageException"/> (<see cref="ImageError.MalformedPublicKey"/>).</summary>
        public static PublicKeyInfo Parse(byte[] der, int offset, int length)
        {
            int keyOffset;
            int keyLength;
            KeyAlgorithm algorithm = Inspect(der, offset, length, out keyOffset, out keyLength);
            byte[] key = new byte[keyLength];
            System.Array.Copy(der, keyOffset, key, 0, keyLength);
            return new PublicKeyInfo(algorithm, key);
        }

        /// <summary>
        /// Checks a SubjectPublicKeyInfo without allocating: returns its algorithm and where the
        /// raw key is. Throws <see cref="ImageException"/> (<see cref="ImageError.MalformedPublicKey"/>).
        /// </summary>
        public static KeyAlgorithm Inspect(byte[] der, int offset, int length, out int keyOffset, out int keyLength)
        {
            const ImageError E = ImageError.MalformedPublicKey;
            const string What = "public key";
            int end = offset + length;
            int spkiLength;
            int spki = Der.ReadHeader(der, offset, end, Der.Sequence, E, What, out spkiLength);
            if (spki + spkiLength != end)
            {
                throw new ImageException(E, "public key: bytes after the SubjectPublicKeyInfo");
            }

            int algLength;
            int alg = Der.ReadHeader(der, spki, end, Der.Sequence, E, What, out algLength);
            int algEnd = alg + algLength;
            int oidLength;
            int oid = Der.ReadHeader(der, alg, algEnd, Der.ObjectIdentifier, E, What, out oidLength);
            int afterOid = oid + oidLength;
            KeyAlgorithm algorithm;
            int expectedBits;
            if (Der.BytesEqual(der, oid, oidLength, OidEcPublicKey))
            {
                int curveLength;
                int curve = Der.ReadHeader(der, afterOid, algEnd, Der.ObjectIdentifier, E, What, out curveLength);
                if (!Der.BytesEqual(der, curve, curveLength, OidPrime256v1))
                {
                    throw new ImageException(E, "public key: EC curve is not P-256 (prime256v1)");
                }

                afterOid = curve + curveLength;
                algorithm = KeyAlgorithm.EcdsaP256;
                expectedBits = 65;
            }
            else if (Der.BytesEqual(der, oid, oidLength, OidEd25519))
            {
                algorithm = KeyAlgorithm.Ed25519;
                expectedBits = 32;
            }
            else
            {
                throw new ImageException(E, "public key: algorithm is neither id-ecPublicKey nor Ed25519");
            }

            if (afterOid != algEnd)
            {
                throw new ImageException(E, "public key: unexpected algorithm parameters");
            }

            int bitsLength;
            int bits = Der.ReadHeader(der, algEnd, end, Der.BitString, E, What, out bitsLength);
            if (bits + bitsLength != end)
            {
                throw new ImageException(E, "public key: bytes after the key");
            }

            if (bitsLength != expectedBits + 1 || der[bits] != 0)
            {
                throw new ImageException(E, "public key: key is not " + expectedBits.ToString() + " whole bytes");
            }

            if (algorithm == KeyAlgorithm.EcdsaP256 && der[bits + 1] != 0x04)
            {
                throw new ImageException(E, "public key: P-256 point is not uncompressed (0x04)");
            }

            keyOffset = bits + 1;
            keyLength = expectedBits;
            return algorithm;
        }
    }
}
