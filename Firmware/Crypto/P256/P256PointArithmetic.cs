namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Doubling and addition of P-256 points in Jacobian coordinates (a = -3), in place, with
    /// every special case handled: infinity, adding a point to itself, adding its negative.
    /// </summary>
    /// <remarks>
    /// Formulas: doubling "dbl-2001-b" with a = -3 (4M + 4S here: 2YZ is one product, and
    /// 8 gamma^2 is 2 (2 gamma)^2), addition "add-1998-cmo-2" (12M + 4S) and mixed addition with an
    /// affine point (8M + 3S), as catalogued in the Explicit-Formulas Database (Bernstein and
    /// Lange). Small multiples are additions; each stored coordinate leaves carried
    /// (<see cref="P256Field.Carried"/>), and every product's inputs stay inside the bounds
    /// <see cref="P256Field"/> states (noted per line as F, the limb magnitude in units of 2^28).
    /// Temporaries are allocated by the constructor; the methods allocate nothing. Not thread-safe.
    /// </remarks>
    internal sealed class P256PointArithmetic
    {
        private readonly long[] _t1 = new long[P256Field.Limbs];
        private readonly long[] _t2 = new long[P256Field.Limbs];
        private readonly long[] _t3 = new long[P256Field.Limbs];
        private readonly long[] _t4 = new long[P256Field.Limbs];
        private readonly long[] _t5 = new long[P256Field.Limbs];
        private readonly long[] _t6 = new long[P256Field.Limbs];
        private readonly long[] _t7 = new long[P256Field.Limbs];
        private readonly long[] _u1 = new long[P256Field.Limbs];
        private readonly long[] _s1 = new long[P256Field.Limbs];

        /// <summary>p = 2p.</summary>
        internal void Double(P256Point p)
        {
            if (p.IsInfinity)
            {
                return;
            }

            long[] x = p.X, y = p.Y, z = p.Z;
            long[] delta = _t1, gamma = _t2, t = _t3, beta4 = _t5, u = _t4, v3 = _t6, zero = P256Field.Zero;

            P256Field.Sqr(delta, z);
            P256Field.Sqr(gamma, y);
            Limbs10.Add(t, y, y);              // 2y, F2
            P256Field.Mul(z, t, z);              // z3 = 2yz
            Limbs10.Add(t, gamma, gamma);      // 2 gamma, F2
            Limbs10.Add(u, t, t);              // 4 gamma, F4
            P256Field.Mul(beta4, x, u);          // 4 beta = 4 x gamma
            P256Field.Sqr(t, t);                 // 4 gamma^2

            // alpha = 3 (x - delta)(x + delta)
            Limbs10.Sub(u, x, delta);          // F1
            Limbs10.Add(delta, x, delta);      // F2
            Limbs10.Add(v3, delta, delta);
            Limbs10.Add(v3, v3, delta);        // F6
            long[] alpha = delta;
            P256Field.Mul(alpha, u, v3);

            // x3 = alpha^2 - 8 beta; y3 = alpha (4 beta - x3) - 8 gamma^2
            P256Field.Sqr(gamma, alpha);
            P256Field.Carried(x, gamma, zero, beta4);
            Limbs10.Sub(beta4, beta4, x);      // F1
            P256Field.Mul(gamma, alpha, beta4);
            P256Field.Carried(y, gamma, zero, t);
        }

        /// <summary>p = p + (x2, y2) for an affine point (x2, y2) (not infinity; x2 carried, y2 carried or negated).</summary>
        internal void AddAffine(P256Point p, long[] x2, long[] y2)
        {
            if (p.IsInfinity)
            {
                p.SetAffine(x2, y2);
                return;
            }

            long[] z1z1 = _t1, h = _t2, r = _t3;
            P256Field.Sqr(z1z1, p.Z);
            P256Field.Mul(h, x2, z1z1);
            P256Field.Mul(r, p.Z, z1z1);
            P256Field.Mul(r, y2, r);
            Limbs10.Sub(h, h, p.X); // h = x2 z1^2 - x1, F1
            Limbs10.Sub(r, r, p.Y); // r = y2 z1^3 - y1, F1
            if (IsSameOrOpposite(p, h, r))
            {
                return;
            }

            P256Field.Mul(p.Z, p.Z, h);
            Combine(p, h, r, p.X, p.Y);
        }

        /// <summary>p = p + q for a Jacobian point q (not infinity; its Y carried or negated).</summary>
        internal void Add(P256Point p, P256Point q)
        {
            if (p.IsInfinity)
            {
                p.CopyFrom(q);
                return;
            }

            long[] zz = _t1, h = _t2, r = _t3, u1 = _u1, s1 = _s1;
            P256Field.Sqr(zz, q.Z);
            P256Field.Mul(u1, p.X, zz);
            P256Field.Mul(zz, q.Z, zz);
            P256Field.Mul(s1, p.Y, zz);

            P256Field.Sqr(zz, p.Z);
            P256Field.Mul(h, q.X, zz);
            P256Field.Mul(zz, p.Z, zz);
            P256Field.Mul(r, q.Y, zz);
            Limbs10.Sub(h, h, u1); // h = x2 z1^2 - x1 z2^2, F1
            Limbs10.Sub(r, r, s1); // r = y2 z1^3 - y1 z2^3, F1
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
        private bool IsSameOrOpposite(P256Point p, long[] h, long[] r)
        {
            if (!P256Field.IsZero(h))
            {
                return false;
            }

            if (P256Field.IsZero(r))
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
        private void Combine(P256Point p, long[] h, long[] r, long[] u1, long[] s1)
        {
            long[] hh = _t4, hhh = _t5, v = _t6, s1hhh = _t7;
            P256Field.Sqr(hh, h);
            P256Field.Mul(hhh, h, hh);
            P256Field.Mul(v, u1, hh);
            P256Field.Mul(s1hhh, s1, hhh);

            P256Field.Sqr(hh, r);
            P256Field.Carried(p.X, hh, hhh, v);
            Limbs10.Sub(v, v, p.X); // F1
            P256Field.Mul(hh, r, v);
            P256Field.Carried(p.Y, hh, s1hhh, P256Field.Zero);
        }
    }
}
