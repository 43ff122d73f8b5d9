namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// A P-256 point in Jacobian coordinates: (X, Y, Z) stands for the affine point
    /// (X / Z^2, Y / Z^3). Coordinates are <see cref="P256Field"/> elements in Montgomery form.
    /// The point at infinity is a flag: the formulas of <see cref="P256PointArithmetic"/> never
    /// make Z = 0 for a finite point (the group has prime order, so no finite point doubles to
    /// infinity, and additions of a point and its negative are caught).
    /// </summary>
    internal sealed class P256Point
    {
        /// <summary>The X coordinate.</summary>
        internal readonly long[] X = new long[P256Field.Limbs];

        /// <summary>The Y coordinate.</summary>
        internal readonly long[] Y = new long[P256Field.Limbs];

        /// <summary>The Z coordinate; meaningless for the point at infinity.</summary>
        internal readonly long[] Z = new long[P256Field.Limbs];

        /// <summary>True for the point at infinity.</summary>
        internal bool IsInfinity;

        /// <summary>Makes this the point at infinity.</summary>
        internal void SetInfinity()
        {
            IsInfinity = true;
        }

        /// <summary>Makes this the affine point (x, y) (Montgomery form), i.e. Z = 1.</summary>
        internal void SetAffine(long[] x, long[] y)
        {
            System.Array.Copy(x, X, P256Field.Limbs);
            System.Array.Copy(y, Y, P256Field.Limbs);
            System.Array.Copy(P256Field.One, Z, P256Field.Limbs);
            IsInfinity = false;
        }

        /// <summary>Makes this a copy of <paramref name="other"/>.</summary>
        internal void CopyFrom(P256Point other)
        {
            System.Array.Copy(other.X, X, P256Field.Limbs);
            System.Array.Copy(other.Y, Y, P256Field.Limbs);
            System.Array.Copy(other.Z, Z, P256Field.Limbs);
            IsInfinity = other.IsInfinity;
        }
    }
}
