using System.Numerics;
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
        var values = FieldValues(60, P);
        var r = new uint[8];
        foreach (var a in values)
        {
            P256Field.Sqr(r, Limbs(a));
            Assert.Equal(a * a % P, Value(r));
            P256Field.Neg(r, Limbs(a));
            Assert.Equal(Mod(-a, P), Value(r));

            foreach (var b in values)
            {
                P256Field.Mul(r, Limbs(a), Limbs(b));
                Assert.Equal(a * b % P, Value(r));
                P256Field.Add(r, Limbs(a), Limbs(b));
                Assert.Equal((a + b) % P, Value(r));
                P256Field.Sub(r, Limbs(a), Limbs(b));
                Assert.Equal(Mod(a - b, P), Value(r));
                Assert.Equal(a == b, P256Field.Equal(Limbs(a), Limbs(b)));
            }
        }
    }

    [Fact]
    public void FieldOperationsAllowTheResultToAliasAnInput()
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var a = Random(random, P);
            var b = Random(random, P);
            var x = Limbs(a);
            P256Field.Mul(x, x, Limbs(b));
            P256Field.Sqr(x, x);
            P256Field.Add(x, x, x);
            P256Field.Sub(x, Limbs(b), x);
            Assert.Equal(Mod(b - 2 * BigInteger.ModPow(a * b, 2, P), P), Value(x));
        }
    }

    [Fact]
    public void ScalarConstantsAreWhatTheyClaim()
    {
        Assert.Equal(N, Value(P256Scalar.N));
        Assert.Equal(P, Value(P256Field.P));
        Assert.Equal(B, Value(P256Field.B));
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
            arith.AddAffine(sum, Limbs(Bc(b.AffineXCoord.ToBigInteger())), Limbs(Bc(b.AffineYCoord.ToBigInteger())));
            AssertPoint(a.Add(b), sum);

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
        var x = Limbs(Bc(a.AffineXCoord.ToBigInteger()));
        var y = Limbs(Bc(a.AffineYCoord.ToBigInteger()));
        var minusY = Limbs(P - Value(y));

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
        Array.Copy(Limbs(x * z * z % P), point.X, 8);
        Array.Copy(Limbs(y * z * z * z % P), point.Y, 8);
        Array.Copy(Limbs(z % P), point.Z, 8);
        return point;
    }

    private static void AssertPoint(ECPoint expected, P256Point actual)
    {
        expected = expected.Normalize();
        Assert.False(actual.IsInfinity);
        var z = Value(actual.Z);
        var zInverse = BigInteger.ModPow(z, P - 2, P);
        Assert.Equal(Bc(expected.AffineXCoord.ToBigInteger()), Value(actual.X) * zInverse * zInverse % P);
        Assert.Equal(Bc(expected.AffineYCoord.ToBigInteger()), Value(actual.Y) * zInverse * zInverse * zInverse % P);
    }
}
