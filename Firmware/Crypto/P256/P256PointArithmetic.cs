namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Doubling and addition of P-256 points in Jacobian coordinates (a = -3), in place, with
    /// every special case handled: infinity, adding a point to itself, adding its negative.
    /// </summary>
    /// <remarks>
    /// Formulas: doubling "dbl-2001-b" (3M + 5S), addition "add-1998-cmo-2" (12M + 4S) and
    /// mixed addition with an affine point (8M + 3S), as catalogued in the Explicit-Formulas
    /// Database (Bernstein and Lange). Temporaries are allocated by the constructor; the methods
    /// allocate nothing. Not thread-safe.
    /// </remarks>
    internal sealed class P256PointArithmetic
    {
        private readonly uint[] _t1 = new uint[8];
        private readonly uint[] _t2 = new uint[8];
        private readonly uint[] _t3 = new uint[8];
        private readonly uint[] _t4 = new uint[8];
        private readonly uint[] _t5 = new uint[8];
        private readonly uint[] _t6 = new uint[8];
        private readonly uint[] _t7 = new uint[8];
        private readonly uint[] _u1 = new uint[8];
        private readonly uint[] _s1 = new uint[8];

        /// <summary>p = 2p.</summary>
        internal void Double(P256Point p)
        {
            uint[] x = p.X, y = p.Y, z = p.Z;
            uint[] delta = _t1, gamma = _t2, beta = _t3, alpha = _t4, t = _t5;

            P256Field.Sqr(delta, z);
            P256Field.Sqr(gamma, y);
            P256Field.Mul(beta, x, gamma);

            // alpha = 3 (x - delta)(x + delta)
            P256Field.Sub(alpha, x, delta);
            P256Field.Add(t, x, delta);
            P256Field.Mul(alpha, alpha, t);
            P256Field.Add(t, alpha, alpha);
            P256Field.Add(alpha, t, alpha);

            // z3 = (y + z)^2 - gamma - delta = 2yz
            P256Field.Add(z, y, z);
            P256Field.Sqr(z, z);
            P256Field.Sub(z, z, gamma);
            P256Field.Sub(z, z, delta);

            // x3 = alpha^2 - 8 beta
            P256Field.Add(beta, beta, beta);
            P256Field.Add(beta, beta, beta); // 4 beta
            P256Field.Sqr(x, alpha);
            P256Field.Add(t, beta, beta);
            P256Field.Sub(x, x, t);

            // y3 = alpha (4 beta - x3) - 8 gamma^2
            P256Field.Sub(beta, beta, x);
            P256Field.Mul(y, alpha, beta);
            P256Field.Sqr(gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Sub(y, y, gamma);
        }

        /// <summary>p = p + (x2, y2) for an affine point (x2, y2) (not infinity).</summary>
        internal void AddAffine(P256Point p, uint[] x2, uint[] y2)
        {
            if (p.IsInfinity)
            {
                p.SetAffine(x2, y2);
                return;
            }

            uint[] z1z1 = _t1, h = _t2, r = _t3;
            P256Field.Sqr(z1z1, p.Z);
            P256Field.Mul(h, x2, z1z1);
            P256Field.Mul(r, p.Z, z1z1);
            P256Field.Mul(r, y2, r);
            P256Field.Sub(h, h, p.X); // h = x2 z1^2 - x1
            P256Field.Sub(r, r, p.Y); // r = y2 z1^3 - y1
            if (IsSameOrOpposite(p, h, r))
            {
                return;
            }

            P256Field.Mul(p.Z, p.Z, h);
            Combine(p, h, r, p.X, p.Y);
        }

        /// <summary>p = p + q for a Jacobian point q (not infinity).</summary>
        internal void Add(P256Point p, P256Point q)
        {
            if (p.IsInfinity)
            {
                p.CopyFrom(q);
                return;
            }

            uint[] zz = _t1, h = _t2, r = _t3, u1 = _u1, s1 = _s1;
            P256Field.Sqr(zz, q.Z);
            P256Field.Mul(u1, p.X, zz);
            P256Field.Mul(zz, q.Z, zz);
            P256Field.Mul(s1, p.Y, zz);

            P256Field.Sqr(zz, p.Z);
            P256Field.Mul(h, q.X, zz);
            P256Field.Mul(zz, p.Z, zz);
            P256Field.Mul(r, q.Y, zz);
            P256Field.Sub(h, h, u1); // h = x2 z1^2 - x1 z2^2
            P256Field.Sub(r, r, s1); // r = y2 z1^3 - y1 z2^3
            if (IsSameOrOpposite(p, h, r))
            {
                return;
            }

            P256Field.Mul(p.Z, p.Z, q.Z);
            P256Field.Mul(p.Z, p.Z, h);
            Combine(p, h, r, u1, s1);
        }

        /// <summary>
        /// The case h = 0 of an addition: the two points have the same x, so they are equal
        /// (r = 0: double p) or opposite (the sum is infinity). Returns false when h != 0.
        /// </summary>
        private bool IsSameOrOpposite(P256Point p, uint[] h, uint[] r)
        {
            if (!U256.IsZero(h))
            {
                return false;
            }

            if (U256.IsZero(r))
            {
                Double(p);
            }
            else
            {
                p.SetInfinity();
            }

            return true;
        }

        /// <summary>
        /// The common end of both additions, with u1 = x1 z2^2, s1 = y1 z2^3 (p's own X and Y when
        /// z2 = 1), h and r as computed: x3 = r^2 - h^3 - 2 u1 h^2, y3 = r (u1 h^2 - x3) - s1 h^3.
        /// </summary>
        private void Combine(P256Point p, uint[] h, uint[] r, uint[] u1, uint[] s1)
        {
            uint[] hh = _t4, hhh = _t5, v = _t6, s1hhh = _t7;
            P256Field.Sqr(hh, h);
            P256Field.Mul(hhh, h, hh);
            P256Field.Mul(v, u1, hh);
            P256Field.Mul(s1hhh, s1, hhh);

            P256Field.Sqr(p.X, r);
            P256Field.Sub(p.X, p.X, hhh);
            P256Field.Sub(p.X, p.X, v);
            P256Field.Sub(p.X, p.X, v);

            P256Field.Sub(v, v, p.X);
            P256Field.Mul(p.Y, r, v);
            P256Field.Sub(p.Y, p.Y, s1hhh);
        }
    }
}
