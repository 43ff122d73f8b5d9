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
