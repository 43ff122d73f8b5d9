using System.Numerics;
using FotaDevice.Crypto.Ed25519;
using Xunit;

namespace FotaDevice.Tests.Crypto;

/// <summary>
/// The internals of the Ed25519 verifier against System.Numerics.BigInteger: field arithmetic
/// modulo p = 2^255 - 19, scalar reduction modulo L, NAF recoding, strict point decoding and the
/// small-order test.
/// </summary>
public class Ed25519ArithmeticTests
{
    internal static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    internal static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    private static readonly int[] LimbPositions = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };

    [Fact]
    public void ConstantsAreTheCurveConstants()
    {
        // d = -121665 / 121666, sqrt(-1)^2 = -1, 2d = d + d (RFC 8032 section 5.1).
        var d = Value(Edwards25519.D);
        Assert.Equal(BigInteger.Zero, Mod(d * 121666 + 121665));
        Assert.Equal(P - 1, Mod(Value(Edwards25519.SqrtM1) * Value(Edwards25519.SqrtM1)));
        Assert.Equal(Mod(2 * d), Mod(Value(Edwards25519.D2)));
    }

    [Fact]
    public void MulAndSquareMatchBigIntegerIncludingUncarriedInputs()
    {
        var random = new Random(25519);
        var f = new long[10];
        var g = new long[10];
        var h = new long[10];
        for (var trial = 0; trial < 2000; trial++)
        {
            // Mul and Square accept an Add or Sub of carried elements: limbs up to 2^27 in magnitude.
            RandomLimbs(random, f, trial % 3);
            RandomLimbs(random, g, (trial / 3) % 3);
            Field25519.Mul(h, f, g);
            AssertCarried(h);
            Assert.Equal(Mod(Value(f) * Value(g)), Mod(Value(h)));

            var times = 1 + (trial % 4);
            Field25519.Square(h, f, times);
            AssertCarried(h);
            Assert.Equal(BigInteger.ModPow(Mod(Value(f)), BigInteger.Pow(2, times), P), Mod(Value(h)));
        }
    }

    [Fact]
    public void WorstCaseLimbsDoNotOverflow()
    {
        // Every limb at the largest magnitude the bounds allow, both signs.
        foreach (var value in new[] { (1L << 27) - 1, -(1L << 27) + 1 })
        {
            var f = Enumerable.Repeat(value, 10).ToArray();
            var h = new long[10];
            Field25519.Mul(h, f, f);
            Assert.Equal(Mod(Value(f) * Value(f)), Mod(Value(h)));
            Field25519.Square(h, f, 1);
            Assert.Equal(Mod(Value(f) * Value(f)), Mod(Value(h)));
        }
    }

    [Fact]
    public void ToBytesIsCanonicalAndRoundTrips()
    {
        var random = new Random(7);
        var f = new long[10];
        var t = new long[10];
        var bytes = new byte[32];
        for (var trial = 0; trial < 2000; trial++)
        {
            RandomLimbs(random, f, trial % 3);
            Field25519.ToBytes(bytes, 0, f, t);
            var expected = Mod(Value(f));
            Assert.Equal(expected, new BigInteger(bytes, isUnsigned: true));
            var back = new long[10];
            Field25519.FromBytes(back, bytes, 0);
            Assert.Equal(expected, Value(back));
        }

        // Values just around p and 2p, and 0, written as raw limbs.
        foreach (var v in new[] { P - 1, P, P + 1, 2 * P - 1, BigInteger.Pow(2, 255) - 1, BigInteger.Zero, P + 18 })
        {
            Field25519.ToBytes(bytes, 0, Limbs(v), t);
            Assert.Equal(Mod(v), new BigInteger(bytes, isUnsigned: true));
        }
    }

    [Fact]
    public void CanonicalFieldEncodingsAreExactlyThoseBelowP()
    {
        foreach (var v in new[] { BigInteger.Zero, P - 1, P - 2 })
        {
            Assert.True(Field25519.IsCanonical(Encode(v), 0));
            Assert.True(Field25519.IsCanonical(Encode(v, sign: true), 0));
        }

        foreach (var v in new[] { P, P + 1, P + 3, BigInteger.Pow(2, 255) - 1 })
        {
            Assert.False(Field25519.IsCanonical(Encode(v), 0));
            Assert.False(Field25519.IsCanonical(Encode(v, sign: true), 0));
        }
    }

    [Fact]
    public void Pow22523IsTheRightPower()
    {
        var random = new Random(11);
        var z = new long[10];
        var h = new long[10];
        var exponent = (P - 5) / 8;
        for (var trial = 0; trial < 50; trial++)
        {
            RandomLimbs(random, z, 0);
            Field25519.Pow22523(h, z, new long[10], new long[10], new long[10]);
            Assert.Equal(BigInteger.ModPow(Value(z), exponent, P), Mod(Value(h)));
        }
    }

    [Fact]
    public void ReduceMatchesBigInteger()
    {
        var random = new Random(99);
        var scalar = new Scalar25519();
        var wide = new byte[64];
        var output = new byte[32];
        var edges = new List<BigInteger>
        {
            BigInteger.Zero, L - 1, L, L + 1, 2 * L, BigInteger.Pow(2, 252), BigInteger.Pow(2, 252) - 1,
            BigInteger.Pow(2, 253), BigInteger.Pow(2, 512) - 1, L * L, (BigInteger.Pow(2, 512) - 1) / L * L,
            (BigInteger.Pow(2, 512) - 1) / L * L - 1, BigInteger.Pow(2, 256) - 1,
        };
        for (var trial = 0; trial < 3000; trial++)
        {
            BigInteger x;
            if (trial < edges.Count)
            {
                x = edges[trial];
            }
            else
            {
                random.NextBytes(wide);
                // Some inputs land just above or below a multiple of L, or at 2^252 + small.
                x = (trial % 3) switch
                {
                    0 => new BigInteger(wide, isUnsigned: true),
                    1 => (new BigInteger(wide, isUnsigned: true) >> 260) * L + random.Next(-5, 5),
                    _ => BigInteger.Pow(2, 252) + random.Next(0, 1 << 30) - (1 << 29),
                };
                if (x.Sign < 0)
                {
                    x = -x;
                }
            }

            Array.Clear(wide);
            x.TryWriteBytes(wide, out _, isUnsigned: true);
            scalar.Reduce(wide, 0, output, 0);
            Assert.Equal(x % L, new BigInteger(output, isUnsigned: true));
        }
    }

    [Fact]
    public void ScalarIsCanonicalExactlyBelowL()
    {
        foreach (var v in new[] { BigInteger.Zero, BigInteger.One, L - 1, BigInteger.Pow(2, 252) })
        {
            Assert.True(Scalar25519.IsCanonical(Encode(v), 0));
        }

        foreach (var v in new[] { L, L + 1, 2 * L, BigInteger.Pow(2, 253), BigInteger.Pow(2, 256) - 1 })
        {
            Assert.False(Scalar25519.IsCanonical(Encode(v), 0));
        }
    }

    [Fact]
    public void NafRecodesTheScalar()
    {
        var random = new Random(5);
        var naf = new sbyte[Scalar25519.NafLength];
        var bytes = new byte[32];
        for (var trial = 0; trial < 2000; trial++)
        {
            BigInteger s = trial switch
            {
                0 => BigInteger.Zero,
                1 => L - 1,
                2 => BigInteger.Pow(2, 253) - 1,
                3 => BigInteger.Pow(2, 255) - 1,
                _ => RandomBelow(random, trial % 2 == 0 ? L : BigInteger.Pow(2, 255)),
            };
            Array.Clear(bytes);
            s.TryWriteBytes(bytes, out _, isUnsigned: true);
            Scalar25519.ToNaf(bytes, 0, naf);

            var value = BigInteger.Zero;
            var lastNonZero = -Scalar25519.Width;
            for (var i = 0; i < naf.Length; i++)
            {
                if (naf[i] == 0)
                {
                    continue;
                }

                Assert.True((naf[i] & 1) == 1 && naf[i] >= -15 && naf[i] <= 15, $"digit {naf[i]} at {i}");
                Assert.True(i - lastNonZero >= Scalar25519.Width, $"digits too close at {i}");
                lastNonZero = i;
                value += naf[i] * BigInteger.Pow(2, i);
            }

            Assert.Equal(s, value);
        }
    }

    // Decoding: y = 3 is the y of a curve point, p + 3 is its non-canonical encoding (RFC 8032 5.1.3).
    [Fact]
    public void DecodeIsStrict()
    {
        var curve = new Edwards25519();
        var point = new EdwardsPoint();
        Assert.True(curve.Decode(point, Encode(3), 0, false));
        Assert.False(curve.IsSmallOrder(point));
        Assert.True(curve.Decode(point, Encode(3, sign: true), 0, false));
        Assert.False(curve.Decode(point, Encode(P + 3), 0, false));
        Assert.False(curve.Decode(point, Encode(P + 3, sign: true), 0, false));

        // y = 2 has no x: x^2 = (y^2 - 1) / (d y^2 + 1) is not a square.
        Assert.False(curve.Decode(point, Encode(2), 0, false));

        // x = 0 (y = 1 and y = -1) with the sign bit set.
        Assert.True(curve.Decode(point, Encode(1), 0, false));
        Assert.False(curve.Decode(point, Encode(1, sign: true), 0, false));
        Assert.True(curve.Decode(point, Encode(P - 1), 0, false));
        Assert.False(curve.Decode(point, Encode(P - 1, sign: true), 0, false));
    }

    [Fact]
    public void DecodedPointsSatisfyTheCurveEquationWithTheRequestedSign()
    {
        var curve = new Edwards25519();
        var point = new EdwardsPoint();
        var d = Value(Edwards25519.D);
        var random = new Random(3);
        var found = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var y = RandomBelow(random, P);
            var sign = random.Next(2) == 1;
            if (!curve.Decode(point, Encode(y, sign), 0, false))
            {
                continue;
            }

            found++;
            var x = Mod(Value(point.X));
            Assert.Equal(Mod(Value(point.Y)), y);
            Assert.Equal(Mod(-x * x + y * y), Mod(1 + d * x * x * y * y));
            Assert.Equal(sign, !x.IsEven);
            Assert.Equal(Mod(x * y), Mod(Value(point.T)));

            Assert.True(curve.Decode(point, Encode(y, sign), 0, true));
            Assert.Equal(Mod(-x), Mod(Value(point.X)));
        }

        Assert.InRange(found, 60, 140); // about half of all y are on the curve
    }

    [Fact]
    public void TheEightSmallOrderPointsAreDetected()
    {
        var curve = new Edwards25519();
        var point = new EdwardsPoint();
        Assert.Equal(8, SmallOrderEncodings.Distinct().Count());
        foreach (var hex in SmallOrderEncodings)
        {
            Assert.True(curve.Decode(point, Convert.FromHexString(hex), 0, false), hex);
            Assert.True(curve.IsSmallOrder(point), hex);
        }

        Assert.True(curve.Decode(point, Encode(BigInteger.Parse("46316835694926478169428394003475163141307993866256225615783033603165251855960")), 0, false));
        Assert.False(curve.IsSmallOrder(point));
    }

    /// <summary>The canonical encodings of the eight points of order 1, 2, 4 and 8 (see <see cref="SmallOrderPoints"/>).</summary>
    internal static IEnumerable<string> SmallOrderEncodings => SmallOrderPoints().Select(pt => Convert.ToHexStringLower(Encode(pt.Y, !pt.X.IsEven)));

    /// <summary>All points (x, y) with [8](x, y) = identity, found from the curve's math, not from a list.</summary>
    internal static IEnumerable<(BigInteger X, BigInteger Y)> SmallOrderPoints()
    {
        // Order 1 and 2: x = 0, y = 1 or -1. Order 4: y = 0, x = +-sqrt(-1).
        var i = BigInteger.ModPow(2, (P - 1) / 4, P);
        yield return (0, 1);
        yield return (0, P - 1);
        yield return (i, 0);
        yield return (P - i, 0);

        // Order 8: the double is of order 4, so has y = 0. Doubling gives y' = (y^2 + x^2) / (2 + x^2 - y^2),
        // so x^2 = -y^2; in -x^2 + y^2 = 1 + d x^2 y^2 that gives 2 y^2 = 1 - d y^4: solve d u^2 + 2 u - 1 = 0 for u = y^2.
        var d = Mod(-121665 * BigInteger.ModPow(121666, P - 2, P));
        foreach (var sqrtDisc in SquareRoots(Mod(4 + 4 * d)))
        {
            var u = Mod((-2 + sqrtDisc) * BigInteger.ModPow(2 * d, P - 2, P));
            foreach (var y in SquareRoots(u))
            {
                foreach (var x in SquareRoots(Mod(-u)))
                {
                    yield return (x, y);
                }
            }
        }
    }

    internal static IEnumerable<BigInteger> SquareRoots(BigInteger a)
    {
        a = Mod(a);
        var r = BigInteger.ModPow(a, (P + 3) / 8, P);
        if (Mod(r * r) != a)
        {
            r = Mod(r * BigInteger.ModPow(2, (P - 1) / 4, P));
        }

        if (Mod(r * r) != a)
        {
            yield break;
        }

        yield return r;
        if (r != 0)
        {
            yield return P - r;
        }
    }

    internal static BigInteger Mod(BigInteger v)
    {
        var r = v % P;
        return r.Sign < 0 ? r + P : r;
    }

    internal static byte[] Encode(BigInteger v, bool sign = false)
    {
        var bytes = new byte[32];
        v.TryWriteBytes(bytes, out _, isUnsigned: true);
        if (sign)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    internal static BigInteger RandomBelow(Random random, BigInteger bound)
    {
        var bytes = new byte[33];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % bound;
    }

    private static BigInteger Value(long[] limbs)
    {
        var v = BigInteger.Zero;
        for (var i = 0; i < 10; i++)
        {
            v += limbs[i] * BigInteger.Pow(2, LimbPositions[i]);
        }

        return v;
    }

    private static long[] Limbs(BigInteger v)
    {
        var limbs = new long[10];
        for (var i = 0; i < 10; i++)
        {
            var width = i % 2 == 0 ? 26 : 25;
            limbs[i] = (long)((v >> LimbPositions[i]) & ((BigInteger.One << width) - 1));
        }

        // Whatever lies above bit 255 stays in the top limb, unreduced.
        limbs[9] += (long)(v >> 255) << 25;
        return limbs;
    }

    // kind 0: carried-looking limbs; 1: an Add of two (up to 2^27); 2: a Sub of two (signed).
    private static void RandomLimbs(Random random, long[] f, int kind)
    {
        for (var i = 0; i < 10; i++)
        {
            long bound = i % 2 == 0 ? 1L << 26 : 1L << 25;
            f[i] = kind switch
            {
                0 => random.NextInt64(0, bound),
                1 => random.NextInt64(0, 2 * bound),
                _ => random.NextInt64(-bound + 1, bound),
            };
        }
    }

    private static void AssertCarried(long[] h)
    {
        for (var i = 0; i < 10; i++)
        {
            var bound = i % 2 == 0 ? 1L << 26 : 1L << 25;
            if (i == 1)
            {
                Assert.InRange(h[i], -(1L << 17), bound + (1L << 17));
            }
            else
            {
                Assert.InRange(h[i], 0, bound - 1);
            }
        }
    }
}
