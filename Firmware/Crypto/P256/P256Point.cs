namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// A P-256 point in Jacobian coordinates: (X, Y, Z) stands for the affine point
    /// (X / Z^2, Y / Z^3); Z = 0 is the point at infinity.
    /// </summary>
    internal sealed class P256Point
    {
        /// <summary>The X coordinate.</summary>
        internal readonly uint[] X = new uint[8];

        /// <summary>The Y coordinate.</summary>
        internal readonly uint[] Y = new uint[8];

        /// <summary>The Z coordinate; 0 for the point at infinity.</summary>
        internal readonly uint[] Z = new uint[8];

        /// <summary>True for the point at infinity.</summary>
        internal bool IsInfinity
        {
            get { return U256.IsZero(Z); }
        }

        /// <summary>Makes this the point at infinity.</summary>
        internal void SetInfinity()
        {
            System.Array.Clear(X, 0, 8);
            System.Array.Clear(Y, 0, 8);
            System.Array.Clear(Z, 0, 8);
            X[0] = 1;
            Y[0] = 1;
        }

        /// <summary>Makes this the affine point (x, y), i.e. Z = 1.</summary>
        internal void SetAffine(uint[] x, uint[] y)
        {
            System.Array.Copy(x, X, 8);
            System.Array.Copy(y, Y, 8);
            System.Array.Clear(Z, 0, 8);
            Z[0] = 1;
        }

        /// <summary>Makes this a copy of <paramref name="other"/>.</summary>
        internal void CopyFrom(P256Point other)
        {
            System.Array.Copy(other.X, X, 8);
            System.Array.Copy(other.Y, Y, 8);
            System.Array.Copy(other.Z, Z, 8);
        }
    }
}
