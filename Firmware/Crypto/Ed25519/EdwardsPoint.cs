namespace FotaDevice.Crypto.Ed25519
{
    /// <summary>
    /// A point of edwards25519 in extended coordinates (X : Y : Z : T): x = X / Z, y = Y / Z,
    /// x y = T / Z (RFC 8032 section 5.1.4). Field elements as in <see cref="Field25519"/>.
    /// </summary>
    internal sealed class EdwardsPoint
    {
        /// <summary>Projective X.</summary>
        public readonly long[] X = new long[Field25519.Limbs];

        /// <summary>Projective Y.</summary>
        public readonly long[] Y = new long[Field25519.Limbs];

        /// <summary>Projective Z.</summary>
        public readonly long[] Z = new long[Field25519.Limbs];

        /// <summary>Extended coordinate T = X Y / Z; only valid where the code says so.</summary>
        public readonly long[] T = new long[Field25519.Limbs];
    }
}
