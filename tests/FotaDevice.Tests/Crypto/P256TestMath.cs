using System.Globalization;
using System.Numerics;

namespace FotaDevice.Tests.Crypto;

/// <summary>Big-integer helpers for checking the P-256 code: limbs, hex, the curve constants.</summary>
internal static class P256TestMath
{
    public static readonly BigInteger P = Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    public static readonly BigInteger N = Parse("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    public static readonly BigInteger B = Parse("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    public static readonly BigInteger R = BigInteger.One << 256;

    /// <summary>The Montgomery radix of the field arithmetic: ten 28-bit limbs.</summary>
    public static readonly BigInteger FieldR = BigInteger.One << 280;

    private static readonly BigInteger FieldRInverse = BigInteger.ModPow(FieldR, P - 2, P);

    public static BigInteger Parse(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber);

    public static uint[] Limbs(BigInteger value)
    {
        var limbs = new uint[8];
        for (var i = 0; i < 8; i++)
        {
            limbs[i] = (uint)(value & uint.MaxValue);
            value >>= 32;
        }

        return limbs;
    }

    public static BigInteger Value(uint[] limbs)
    {
        var value = BigInteger.Zero;
        for (var i = 7; i >= 0; i--)
        {
            value = (value << 32) | limbs[i];
        }

        return value;
    }

    /// <summary>Limbs of any integer (negative too): limbs 0 to 8 its 28-bit digits, limb 9 the rest, signed.</summary>
    public static long[] RawLimbs(BigInteger value)
    {
        var limbs = new long[10];
        for (var i = 0; i < 9; i++)
        {
            limbs[i] = (long)(value & 0xFFFFFFF);
            value >>= 28; // floor division, as the device's arithmetic shift
        }

        limbs[9] = (long)value;
        return limbs;
    }

    /// <summary>The integer sum of limb[i] 2^(28 i).</summary>
    public static BigInteger RawValue(long[] limbs)
    {
        var value = BigInteger.Zero;
        for (var i = 9; i >= 0; i--)
        {
            value = (value << 28) + limbs[i];
        }

        return value;
    }

    /// <summary>The field element x (mod p) in the device's Montgomery form, carried limbs.</summary>
    public static long[] MontLimbs(BigInteger x) => RawLimbs(Mod(x * FieldR, P));

    /// <summary>The field element that Montgomery-form limbs stand for, in [0, p).</summary>
    public static BigInteger FieldValue(long[] limbs) => Mod(RawValue(limbs) * FieldRInverse, P);

    /// <summary>Whether limbs are carried as the field code promises: limbs 0 to 8 in [0, 2^28).</summary>
    public static bool IsCarried(long[] limbs) => limbs.Take(9).All(l => l >= 0 && l < 1 << 28);

    /// <summary>32 big-endian bytes of a value below 2^256.</summary>
    public static byte[] Bytes32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[32];
        bytes.CopyTo(result, 32 - bytes.Length);
        return result;
    }

    public static BigInteger FromBytes(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    public static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = value % modulus;
        return r.Sign < 0 ? r + modulus : r;
    }

    public static BigInteger Random(Random random, BigInteger below)
    {
        var bytes = new byte[33];
        random.NextBytes(bytes);
        return Mod(new BigInteger(bytes, isUnsigned: true), below);
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
