namespace FotaDevice.Crypto.Ed25519
{
    /// <summary>
    /// The group of edwards25519, -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) (RFC 8032
    /// section 5.1): strict point decoding, the extended-coordinate doubling and addition of
    /// section 5.1.4, the small-order test and the double-scalar multiplication a verifier needs.
    /// </summary>
    /// <remarks>
    /// All scratch field elements belong to the instance; nothing is allocated after construction.
    /// The odd multiples B, 3B, ..., 15B of the base point are computed once per process by the
    /// static constructor. Addition and doubling are RFC 8032's complete formulas (a = -1, d not a
    /// square), so they hold for every pair of points, the identity and equal operands included.
    /// Timing depends on the scalars, which is fine for verification: every input is public.
    /// An instance is not thread-safe.
    /// </remarks>
    internal sealed class Edwards25519
    {
        /// <summary>Entries of an odd-multiples table: P, 3P, ..., (2^(w-1) - 1)P for the NAF width w.</summary>
        public const int TableSize = 1 << (Scalar25519.Width - 2);

        // d = -121665 / 121666 (RFC 8032 section 5.1), little-endian.
        private static readonly byte[] DBytes =
        {
            0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
            0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52,
        };

        // 2^((p - 1) / 4), a square root of -1 (RFC 8032 section 5.1.3), little-endian.
        private static readonly byte[] SqrtM1Bytes =
        {
            0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
            0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b,
        };

        // The encoding of the base point B: y = 4/5, x even (RFC 8032 section 5.1).
        private static readonly byte[] BaseBytes =
        {
            0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
            0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        };

        internal static readonly long[] D = new long[Field25519.Limbs];
        internal static readonly long[] D2 = new long[Field25519.Limbs];
        internal static readonly long[] SqrtM1 = new long[Field25519.Limbs];
        private static readonly long[] One = new long[Field25519.Limbs];
        private static readonly long[] Zero = new long[Field25519.Limbs];
        private static readonly CachedPoint[] BaseTable = new CachedPoint[TableSize];

        private readonly long[] _a = new long[Field25519.Limbs];
        private readonly long[] _b = new long[Field25519.Limbs];
        private readonly long[] _c = new long[Field25519.Limbs];
        private readonly long[] _d = new long[Field25519.Limbs];
        private readonly long[] _e = new long[Field25519.Limbs];
        private readonly long[] _f = new long[Field25519.Limbs];
        private readonly long[] _g = new long[Field25519.Limbs];
        private readonly long[] _h = new long[Field25519.Limbs];
        private readonly long[] _bytesScratch = new long[Field25519.Limbs];
        private readonly byte[] _bytes = new byte[32];
        private readonly EdwardsPoint _p1 = new EdwardsPoint();
        private readonly EdwardsPoint _p2 = new EdwardsPoint();
        private readonly CachedPoint _cached = new CachedPoint();

        static Edwards25519()
        {
            Field25519.FromBytes(D, DBytes, 0);
            Limbs10.Add(D2, D, D);
            Field25519.Carry(D2);
            Field25519.FromBytes(SqrtM1, SqrtM1Bytes, 0);
            Field25519.Set(One, 1);

            Edwards25519 curve = new Edwards25519();
            EdwardsPoint b = new EdwardsPoint();
            curve.Decode(b, BaseBytes, 0, false);
            for (int i = 0; i < TableSize; i++)
            {
                BaseTable[i] = new CachedPoint();
            }

            curve.OddMultiples(BaseTable, b);
        }

        /// <summary>
        /// Decodes a 32-byte point encoding strictly (RFC 8032 section 5.1.3) into
        /// <paramref name="p"/> with Z = 1 and T set; with <paramref name="negate"/> it stores the
        /// negated point. False, leaving <paramref name="p"/> meaningless, when y is not below p,
        /// when x^2 = (y^2 - 1) / (d y^2 + 1) has no root, or when x = 0 and the sign bit is 1.
        /// </summary>
        public bool Decode(EdwardsPoint p, byte[] s, int offset, bool negate)
        {
            if (!Field25519.IsCanonical(s, offset))
            {
                return false;
            }

            int sign = s[offset + 31] >> 7;
            long[] y = p.Y;
            long[] x = p.X;
            long[] u = _a;
            long[] v = _b;
            long[] v3 = _c;
            long[] uv3 = _d;
            long[] t = _e;
            Field25519.FromBytes(y, s, offset);

            // u = y^2 - 1, v = d y^2 + 1.
            Field25519.Square(u, y, 1);
            Field25519.Mul(v, u, D);
            Limbs10.Sub(u, u, One);
            Field25519.Carry(u);
            Limbs10.Add(v, v, One);
            Field25519.Carry(v);

            // Candidate root x = u v^3 (u v^7)^((p - 5) / 8).
            Field25519.Square(v3, v, 1);
            Field25519.Mul(v3, v3, v);
            Field25519.Mul(uv3, u, v3);
            Field25519.Mul(t, v3, v);
            Field25519.Mul(t, t, uv3);
            Field25519.Pow22523(t, t, _f, _g, _h);
            Field25519.Mul(x, uv3, t);

            // v x^2 = u: x is a root; v x^2 = -u: x sqrt(-1) is; otherwise there is none.
            Field25519.Square(t, x, 1);
            Field25519.Mul(t, t, v);
            Limbs10.Sub(_f, t, u);
            if (!Field25519.IsZero(_f, _bytes, _bytesScratch))
            {
                Limbs10.Add(_f, t, u);
                if (!Field25519.IsZero(_f, _bytes, _bytesScratch))
                {
                    return false;
                }

                Field25519.Mul(x, x, SqrtM1);
            }

            if (Field25519.IsZero(x, _bytes, _bytesScratch))
            {
                if (sign == 1)
                {
                    return false;
                }
            }
            else if (Field25519.IsNegative(x, _bytes, _bytesScratch) != (negate ? sign ^ 1 : sign))
            {
                Limbs10.Sub(x, Zero, x);
                Field25519.Carry(x);
            }

            Field25519.Set(p.Z, 1);
            Field25519.Mul(p.T, x, y);
            return true;
        }

        /// <summary>r = p + p (RFC 8032 section 5.1.4). T of p is not read; T of r is written only when asked.</summary>
        public void Double(EdwardsPoint r, EdwardsPoint p, bool computeT)
        {
            long[] a = _a, b = _b, c = _c, e = _e, f = _f, g = _g, h = _h;
            Field25519.Square(a, p.X, 1);
            Field25519.Square(b, p.Y, 1);
            Limbs10.Add(h, a, b);
            Limbs10.Add(e, p.X, p.Y);
            Field25519.Square(e, e, 1);
            Limbs10.Sub(e, h, e);
            Limbs10.Sub(g, a, b);
            Field25519.Square(c, p.Z, 1);
            Limbs10.Add(c, c, c);
            Limbs10.Add(f, c, g);
            Complete(r, computeT);
        }

        /// <summary>
        /// r = p + q, or p - q with <paramref name="subtract"/> (RFC 8032 section 5.1.4). p must have
        /// T; T of r is written only when asked. r may be p.
        /// </summary>
        public void Add(EdwardsPoint r, EdwardsPoint p, CachedPoint q, bool subtract, bool computeT)
        {
            long[] a = _a, b = _b, c = _c, d = _d, e = _e, f = _f, g = _g, h = _h;
            Limbs10.Sub(a, p.Y, p.X);
            Field25519.Mul(a, a, subtract ? q.YPlusX : q.YMinusX);
            Limbs10.Add(b, p.Y, p.X);
            Field25519.Mul(b, b, subtract ? q.YMinusX : q.YPlusX);
            Field25519.Mul(c, p.T, q.T2d);
            Field25519.Mul(d, p.Z, q.Z2);
            Limbs10.Sub(e, b, a);
            Limbs10.Add(h, b, a);
            if (subtract)
            {
                Limbs10.Add(f, d, c);
                Limbs10.Sub(g, d, c);
            }
            else
            {
                Limbs10.Sub(f, d, c);
                Limbs10.Add(g, d, c);
            }

            Complete(r, computeT);
        }

        // The common end of doubling and addition: X3 = E F, Y3 = G H, T3 = E H, Z3 = F G.
        private void Complete(EdwardsPoint r, bool computeT)
        {
            Field25519.Mul(r.X, _e, _f);
            Field25519.Mul(r.Y, _g, _h);
            if (computeT)
            {
                Field25519.Mul(r.T, _e, _h);
            }

            Field25519.Mul(r.Z, _f, _g);
        }

        /// <summary>Prepares p (with T) as an addition operand.</summary>
        public void ToCached(CachedPoint c, EdwardsPoint p)
        {
            Limbs10.Add(c.YPlusX, p.Y, p.X);
            Field25519.Carry(c.YPlusX);
            Limbs10.Sub(c.YMinusX, p.Y, p.X);
            Field25519.Carry(c.YMinusX);
            Limbs10.Add(c.Z2, p.Z, p.Z);
            Field25519.Carry(c.Z2);
            Field25519.Mul(c.T2d, p.T, D2);
        }

        /// <summary>
        /// True when p is one of the eight points of order dividing 8 (the torsion subgroup): [8]p
        /// is the identity. [8]p has X = 0 only if it is the identity, since no point has order 16.
        /// </summary>
        public bool IsSmallOrder(EdwardsPoint p)
        {
            EdwardsPoint q = _p1;
            Double(q, p, false);
            Double(q, q, false);
            Double(q, q, false);
            return Field25519.IsZero(q.X, _bytes, _bytesScratch);
        }

        /// <summary>Fills <paramref name="table"/> with p, 3p, 5p, ..., (2 TableSize - 1)p. p must have T.</summary>
        public void OddMultiples(CachedPoint[] table, EdwardsPoint p)
        {
            EdwardsPoint current = _p1;
            EdwardsPoint twice = _p2;
            Double(twice, p, true);
            ToCached(_cached, twice);
            ToCached(table[0], p);
            Field25519.Copy(current.X, p.X);
            Field25519.Copy(current.Y, p.Y);
            Field25519.Copy(current.Z, p.Z);
            Field25519.Copy(current.T, p.T);
            for (int i = 1; i < TableSize; i++)
            {
                Add(current, current, _cached, false, true);
                ToCached(table[i], current);
            }
        }

        /// <summary>
        /// r = sum nafA[i] 2^i A + sum nafB[i] 2^i B, with tableA = <see cref="OddMultiples"/> of A
        /// and B the base point: one doubling per digit and one addition per non-zero digit
        /// (Straus-Shamir with width-5 NAFs). T of r is not set.
        /// </summary>
        public void DoubleScalarMultiply(EdwardsPoint r, sbyte[] nafA, CachedPoint[] tableA, sbyte[] nafB)
        {
            CachedPoint[] tableB = BaseTable;
            int top = Scalar25519.NafLength - 1;
            while (top >= 0 && nafA[top] == 0 && nafB[top] == 0)
            {
                top--;
            }

            Field25519.Set(r.X, 0);
            Field25519.Set(r.Y, 1);
            Field25519.Set(r.Z, 1);
            Field25519.Set(r.T, 0);
            for (int i = top; i >= 0; i--)
            {
                int da = nafA[i];
                int db = nafB[i];
                Double(r, r, da != 0 || db != 0);
                if (db > 0)
                {
                    Add(r, r, tableB[db >> 1], false, da != 0);
                }
                else if (db < 0)
                {
                    Add(r, r, tableB[(-db) >> 1], true, da != 0);
                }

                if (da > 0)
                {
                    Add(r, r, tableA[da >> 1], false, false);
                }
                else if (da < 0)
                {
                    Add(r, r, tableA[(-da) >> 1], true, false);
                }
            }
        }

        /// <summary>True when p (projective) and q (Z = 1) are the same point: X_p = x_q Z_p and Y_p = y_q Z_p.</summary>
        public bool EqualsAffine(EdwardsPoint p, EdwardsPoint q)
        {
            Field25519.Mul(_a, q.X, p.Z);
            Limbs10.Sub(_a, p.X, _a);
            if (!Field25519.IsZero(_a, _bytes, _bytesScratch))
            {
                return false;
            }

            Field25519.Mul(_a, q.Y, p.Z);
            Limbs10.Sub(_a, p.Y, _a);
            return Field25519.IsZero(_a, _bytes, _bytesScratch);
        }
    }
}
