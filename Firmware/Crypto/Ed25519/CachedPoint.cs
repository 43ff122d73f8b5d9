namespace FotaDevice.Crypto.Ed25519
{
    /// <summary>
    /// A point prepared as the second operand of an addition: (Y + X, Y - X, 2 Z, 2 d T), the
    /// values RFC 8032's addition formula multiplies by, so an addition spends nothing on preparing
    /// its second operand. Negating it is swapping the first two and negating the last, which the
    /// addition does on the fly.
    /// </summary>
    internal sealed class CachedPoint
    {
        /// <summary>Y + X, carried.</summary>
        public readonly long[] YPlusX = new long[Field25519.Limbs];

        /// <summary>Y - X, carried.</summary>
        public readonly long[] YMinusX = new long[Field25519.Limbs];

        /// <summary>2 Z, carried.</summary>
        public readonly long[] Z2 = new long[Field25519.Limbs];

        /// <summary>2 d T.</summary>
        public readonly long[] T2d = new long[Field25519.Limbs];
    }
}
