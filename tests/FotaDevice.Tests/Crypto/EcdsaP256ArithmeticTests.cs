using System.Numerics;
using FotaDevice.Crypto;
using FotaDevice.Crypto.P256;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math.EC;
using Xunit;
using static FotaDevice.Tests.Crypto.P256TestMath;
using BcInteger = Org.BouncyCastle.Math.BigInteger;

namespace FotaDevice.Tests.Crypto;

/// <summary>The P-256 internals against big integers and BouncyCastle.</summary>
public class EcdsaP256ArithmeticTests
{
    private static readonly X9ECParameters Curve = ECNamedCurveTable.GetByName("P-256");

    /// <summary>Values at the edges of the limb and reduction logic, plus random ones.</summary>
    private static List<BigInteger> FieldValues(int randomCount, BigInteger modulus)
    {
        var values = new List<BigInteger>
        {
            0, 1, 2, 3, modulus - 1, modulus - 2, modulus - 3, (modulus - 1) / 2, (modulus + 1) / 2,
            BigInteger.One << 255, (BigInteger.One << 224) - 1, BigInteger.One << 224, BigInteger.One << 192,
            (BigInteger.One << 192) - 1, BigInteger.One << 96, (BigInteger.One << 96) - 1, uint.MaxValue,
            (BigInteger.One << 256) - modulus, modulus - ((BigInteger.One << 256) - modulus),
        };
        for (var i = 0; i < 8; i++)
        {
            values.Add(Mod(((BigInteger)uint.MaxValue) << (32 * i), modulus));
            values.Add(Mod(modulus - (BigInteger.One << (32 * i)), modulus));
        }

        var random = new Random(256);
        for (var i = 0; i < randomCount; i++)
        {
            values.Add(Random(random, modulus));
        }

        return values;
    }

    [Fact]
    public void FieldOperationsMatchBigIntegers()
    {
        var values = FieldValues(40, P);
        var r = new long[10];
        var bound = BigInteger.One << 238;
        foreach (var a in values)
        {
            P256Field.Sqr(r, MontLimbs(a));
            Assert.Equal(a * a % P, FieldValue(r));
            AssertProductOutput(r, bound);
            Limbs10.Neg(r, MontLimbs(a));
            Assert.Equal(Mod(-a, P), FieldValue(r));

            foreach (var b in values)
            {
                P256Field.Mul(r, MontLimbs(a), MontLimbs(b));
                Assert.Equal(a * b % P, FieldValue(r));
                AssertProductOutput(r, bound);
                Limbs10.Add(r, MontLimbs(a), MontLimbs(b));
                Assert.Equal((a + b) % P, FieldValue(r));
                Limbs10.Sub(r, MontLimbs(a), MontLimbs(b));
                Assert.Equal(Mod(a - b, P), FieldValue(r));
                Assert.Equal(a == b, P256Field.Equal(MontLimbs(a), MontLimbs(b)));
                P256Field.Carried(r, MontLimbs(a), MontLimbs(b), MontLimbs(a * b));
                Assert.Equal(Mod(a - b - 2 * a * b, P), FieldValue(r));
                Assert.True(IsCarried(r));
            }
        }
    }

    /// <summary>Products at the documented input bounds (limbs up to F 2^28 and G 2^28, F G = 9, either sign) stay exact.</summary>
    [Fact]
    public void ProductsAreExactAtTheInputBounds()
    {
        var random = new Random(28);
        var r = new long[10];
        var patterns = new List<(long[] A, long[] B, bool Square)>();
        foreach (var (f, g) in new[] { (1, 9), (3, 3), (9, 1), (2, 4) })
        {
            foreach (var signs in new[] { (1, 1), (1, -1), (-1, -1) })
            {
                patterns.Add((Extreme(f, signs.Item1), Extreme(g, signs.Item2), f <= 3));
            }
        }

        for (var i = 0; i < 300; i++)
        {
            patterns.Add((RandomLimbs(random, 3), RandomLimbs(random, 3), true));
        }

        foreach (var (a, b, square) in patterns)
        {
            var expected = Mod(RawValue(a) * RawValue(b) * BigInteger.ModPow(FieldR, 2 * (P - 2), P), P);
            P256Field.Mul(r, a, b);
            Assert.Equal(expected, FieldValue(r));
            Assert.True(IsCarried(r));

            // The same product, in place and as a square.
            var x = (long[])a.Clone();
            P256Field.Mul(x, x, b);
            Assert.Equal(r, x);
            if (!square)
            {
                continue; // a square's bound is F^2 <= 9
            }

            P256Field.Sqr(r, a);
            Assert.Equal(Mod(RawValue(a) * RawValue(a) * BigInteger.ModPow(FieldR, 2 * (P - 2), P), P), FieldValue(r));
            Assert.True(IsCarried(r));
        }

        // Limbs of magnitude F 2^28 - 1 with a top limb that keeps the value below 2^262.
        static long[] Extreme(int f, int sign)
        {
            var limbs = new long[10];
            for (var i = 0; i < 9; i++)
            {
                limbs[i] = sign * ((f << 28) - 1L);
            }

            limbs[9] = sign * 511L;
            return limbs;
        }

        static long[] RandomLimbs(Random random, int f)
        {
            var limbs = new long[10];
            for (var i = 0; i < 9; i++)
            {
                limbs[i] = random.NextInt64(-(f << 28) + 1L, f << 28);
            }

            limbs[9] = random.Next(-511, 512);
            return limbs;
        }
    }

    [Fact]
    public void ZeroIsRecognisedInEveryFormAndNothingElseIs()
    {
        var zeros = new[] { BigInteger.Zero, P, -P, 2 * P, -2 * P, 5 * P, P << 20, -(P << 20) };
        foreach (var z in zeros)
        {
            Assert.True(P256Field.IsZero(RawLimbs(z)), $"{z:x}");

            // The same value with the limbs unevenly carried.
            var limbs = RawLimbs(z);
            limbs[3] += 5L << 28;
            limbs[4] -= 5;
            limbs[0] -= 1L << 30;
            limbs[1] += 4;
            Assert.Equal(z, RawValue(limbs));
            Assert.True(P256Field.IsZero(limbs));
        }

        foreach (var z in zeros)
        {
            foreach (var d in new BigInteger[] { 1, -1, 2, BigInteger.One << 255, -(BigInteger.One << 200), P - 1 })
            {
                if ((z + d) % P != 0)
                {
                    Assert.False(P256Field.IsZero(RawLimbs(z + d)), $"{z + d:x}");
                }
            }
        }

        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var a = Random(random, P);
            var k = random.Next(-3, 4);
            Assert.True(P256Field.Equal(RawLimbs(a + k * P), MontLimbs(a * BigInteger.ModPow(FieldR, P - 2, P))));
            Assert.True(P256Field.Equal(RawLimbs(a), RawLimbs(a + k * P)));
            Assert.False(P256Field.Equal(RawLimbs(a), RawLimbs(a + k * P + 1)));
        }
    }

    [Fact]
    public void ConversionIntoMontgomeryFormTakesAnyValueBelow2To256()
    {
        var r = new long[10];
        foreach (var v in FieldValues(50, R).Concat(new[] { P, P + 1, R - 1, R - P }).Where(v => v < R))
        {
            P256Field.ToMontgomery(r, Limbs(v));
            Assert.Equal(v % P, FieldValue(r));
            Assert.True(IsCarried(r));
        }

        Assert.Equal(BigInteger.One, FieldValue(P256Field.One));
        Assert.Equal(new BigInteger(3), FieldValue(P256Field.Three));
        Assert.Equal(B, FieldValue(P256Field.B));
        Assert.Equal(FieldR * FieldR % P, RawValue(P256Field.RSquared));
        Assert.Equal(P, Value(P256Field.P));
    }

    [Fact]
    public void FieldOperationsAllowTheResultToAliasAnInput()
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var a = Random(random, P);
            var b = Random(random, P);
            var x = MontLimbs(a);
            P256Field.Mul(x, x, MontLimbs(b));
            P256Field.Sqr(x, x);
            Limbs10.Add(x, x, x);
            Limbs10.Sub(x, MontLimbs(b), x);
            P256Field.Carried(x, x, MontLimbs(b), x);
            Limbs10.Neg(x, x);
            var expected = Mod(b - 2 * BigInteger.ModPow(a * b, 2, P), P);
            Assert.Equal(Mod(-(expected - b - 2 * expected), P), FieldValue(x));
        }
    }

    private static void AssertProductOutput(long[] r, BigInteger bound)
    {
        Assert.True(IsCarried(r));
        var v = RawValue(r);
        Assert.True(v > -bound && v < P + bound, $"{v:x}");
    }

    [Fact]
    public void ScalarConstantsAreWhatTheyClaim()
    {
        Assert.Equal(N, Value(P256Scalar.N));
        Assert.Equal(R * R % N, Value(P256Scalar.RSquared));
        Assert.Equal(uint.MaxValue, unchecked(P256Scalar.N[0] * P256Scalar.NPrime)); // n * n' = -1 mod 2^32
    }

    [Fact]
    public void MontgomeryProductMatchesBigIntegers()
    {
        var scalar = new P256Scalar();
        var rInverse = BigInteger.ModPow(R, N - 2, N);
        var values = FieldValues(40, N);
        var r = new uint[8];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                scalar.MontMul(r, Limbs(a), Limbs(b));
                Assert.Equal(a * b * rInverse % N, Value(r));
            }

            scalar.ToMontgomery(r, Limbs(a));
            Assert.Equal(a * R % N, Value(r));
        }
    }

    [Fact]
    public void InverseModNMatchesBigIntegers()
    {
        var scalar = new P256Scalar();
        var values = FieldValues(500, N);
        values.AddRange(new BigInteger[] { 4, 1 << 20, N >> 1, (N >> 1) + 1, uint.MaxValue - 1L, BigInteger.One << 200 });
        var r = new uint[8];
        foreach (var a in values.Where(v => !v.IsZero))
        {
            scalar.Invert(r, Limbs(a));
            Assert.Equal(BigInteger.ModPow(a, N - 2, N), Value(r));
            Assert.Equal(BigInteger.One, a * Value(r) % N);

            var x = Limbs(a);
            scalar.Invert(x, x); // in place
            Assert.Equal(Value(r), Value(x));
        }

        scalar.Invert(r, Limbs(0));
        Assert.Equal(BigInteger.Zero, Value(r));
    }

    [Fact]
    public void ScalarRangeAndReduction()
    {
        Assert.False(P256Scalar.IsInRange(Limbs(0)));
        Assert.True(P256Scalar.IsInRange(Limbs(1)));
        Assert.True(P256Scalar.IsInRange(Limbs(N - 1)));
        Assert.False(P256Scalar.IsInRange(Limbs(N)));
        Assert.False(P256Scalar.IsInRange(Limbs(R - 1)));
        foreach (var v in new[] { BigInteger.Zero, N - 1, N, N + 1, R - 1 })
        {
            var limbs = Limbs(v);
            P256Scalar.ReduceOnce(limbs);
            Assert.Equal(v % N, Value(limbs));
        }
    }

    [Fact]
    public void GeneratorTableHoldsTheOddMultiplesOfG()
    {
        Assert.Equal(1 << (P256Generator.Width - 2), P256Generator.X.Length);
        for (var i = 0; i < P256Generator.X.Length; i++)
        {
            var point = Curve.G.Multiply(BcInteger.ValueOf(2 * i + 1)).Normalize();
            Assert.Equal(Bc(point.AffineXCoord.ToBigInteger()), Value(P256Generator.X[i]));
            Assert.Equal(Bc(point.AffineYCoord.ToBigInteger()), Value(P256Generator.Y[i]));
            Assert.Equal(Value(P256Generator.X[i]), FieldValue(P256Generator.MontgomeryX[i]));
            Assert.Equal(Value(P256Generator.Y[i]), FieldValue(P256Generator.MontgomeryY[i]));
            Assert.True(IsCarried(P256Generator.MontgomeryX[i]) && IsCarried(P256Generator.MontgomeryY[i]));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void WnafDigitsAddUpToTheScalarAndHaveTheNafShape(int width)
    {
        var random = new Random(width);
        var scalars = new List<BigInteger> { 0, 1, 2, 15, 16, 17, 31, N - 1, R - 1, R >> 1, (R >> 1) - 1, Parse("f0f0f0f0" + new string('f', 56)) };
        for (var i = 0; i < 300; i++)
        {
            scalars.Add(Random(random, R));
        }

        var digits = new sbyte[P256Wnaf.DigitsLength(width)];
        foreach (var k in scalars)
        {
            var length = P256Wnaf.Recode(digits, Limbs(k), width);
            var sum = BigInteger.Zero;
            var lastNonZero = -width;
            for (var i = 0; i < digits.Length; i++)
            {
                if (digits[i] == 0)
                {
                    continue;
                }

                Assert.True(digits[i] % 2 != 0 && Math.Abs(digits[i]) < 1 << (width - 1), $"digit {digits[i]}");
                Assert.True(i - lastNonZero >= width, "non-zero digits too close");
                Assert.True(i < length);
                lastNonZero = i;
                sum += digits[i] * (BigInteger.One << i);
            }

            Assert.Equal(k, sum);
            Assert.Equal(k.IsZero ? 0 : lastNonZero + 1, length);
        }
    }

    [Fact]
    public void PointOperationsMatchBouncyCastle()
    {
        var arith = new P256PointArithmetic();
        var random = new Random(7);
        for (var i = 0; i < 40; i++)
        {
            var a = Curve.G.Multiply(Bc(Random(random, N - 1) + 1)).Normalize();
            var b = Curve.G.Multiply(Bc(Random(random, N - 1) + 1)).Normalize();

            // Jacobian inputs with a random Z, so the formulas see Z != 1.
            var pa = Jacobian(a, Random(random, P - 1) + 1);
            var pb = Jacobian(b, Random(random, P - 1) + 1);

            var sum = new P256Point();
            sum.CopyFrom(pa);
            arith.Add(sum, pb);
            AssertPoint(a.Add(b), sum);

            sum.CopyFrom(pa);
            arith.AddAffine(sum, MontLimbs(Bc(b.AffineXCoord.ToBigInteger())), MontLimbs(Bc(b.AffineYCoord.ToBigInteger())));
            AssertPoint(a.Add(b), sum);

            // The negated operands the verifier passes for negative digits: Y negated limb by limb.
            var negated = new P256Point();
            negated.CopyFrom(pb);
            Limbs10.Neg(negated.Y, negated.Y);
            sum.CopyFrom(pa);
            arith.Add(sum, negated);
            AssertPoint(a.Subtract(b), sum);

            var minusY = MontLimbs(Bc(b.AffineYCoord.ToBigInteger()));
            Limbs10.Neg(minusY, minusY);
            sum.CopyFrom(pa);
            arith.AddAffine(sum, MontLimbs(Bc(b.AffineXCoord.ToBigInteger())), minusY);
            AssertPoint(a.Subtract(b), sum);

            var twice = new P256Point();
            twice.CopyFrom(pa);
            arith.Double(twice);
            AssertPoint(a.Twice(), twice);
        }
    }

    [Fact]
    public void PointAdditionHandlesTheSpecialCases()
    {
        var arith = new P256PointArithmetic();
        var a = Curve.G.Multiply(BcInteger.ValueOf(12345)).Normalize();
        var x = MontLimbs(Bc(a.AffineXCoord.ToBigInteger()));
        var y = MontLimbs(Bc(a.AffineYCoord.ToBigInteger()));
        var minusY = new long[10];
        Limbs10.Neg(minusY, y);

        // P + P (same point, different Z) doubles; P + (-P) is infinity; infinity + P is P.
        var p = Jacobian(a, 5);
        arith.Add(p, Jacobian(a, 9));
        AssertPoint(a.Twice(), p);

        p = Jacobian(a, 5);
        arith.AddAffine(p, x, y);
        AssertPoint(a.Twice(), p);

        p = Jacobian(a, 5);
        arith.AddAffine(p, x, minusY);
        Assert.True(p.IsInfinity);

        p = Jacobian(a, 5);
        arith.Add(p, Jacobian(a.Negate(), 3));
        Assert.True(p.IsInfinity);

        p.SetInfinity();
        arith.AddAffine(p, x, y);
        AssertPoint(a, p);

        p.SetInfinity();
        arith.Add(p, Jacobian(a, 11));
        AssertPoint(a, p);

        p.SetInfinity();
        arith.Double(p);
        Assert.True(p.IsInfinity);
    }

    private static BigInteger Bc(BcInteger value) => Parse(value.ToString(16));

    private static BcInteger Bc(BigInteger value) => new(value.ToString("x"), 16);

    private static P256Point Jacobian(ECPoint affine, BigInteger z)
    {
        var x = Bc(affine.AffineXCoord.ToBigInteger());
        var y = Bc(affine.AffineYCoord.ToBigInteger());
        var point = new P256Point();
        Array.Copy(MontLimbs(x * z * z % P), point.X, 10);
        Array.Copy(MontLimbs(y * z * z * z % P), point.Y, 10);
        Array.Copy(MontLimbs(z % P), point.Z, 10);
        return point;
    }

    private static void AssertPoint(ECPoint expected, P256Point actual)
    {
        expected = expected.Normalize();
        Assert.False(actual.IsInfinity);
        var z = FieldValue(actual.Z);
        var zInverse = BigInteger.ModPow(z, P - 2, P);
        Assert.Equal(Bc(expected.AffineXCoord.ToBigInteger()), FieldValue(actual.X) * zInverse * zInverse % P);
        Assert.Equal(Bc(expected.AffineYCoord.ToBigInteger()), FieldValue(actual.Y) * zInverse * zInverse * zInverse % P);
    }
}
