using System.Security.Cryptography;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class DerSignatureTests
{
    private static byte[] Decode(byte[] der)
    {
        var raw = new byte[64];
        DerSignature.Decode(der, 0, der.Length, raw, 0);
        return raw;
    }

    private static ImageError ErrorOf(string hex)
    {
        var der = Convert.FromHexString(hex);
        return Assert.Throws<ImageException>(() => Decode(der)).Error;
    }

    private static string Int(string valueHex) => "02" + (valueHex.Length / 2).ToString("x2") + valueHex;

    private static string Seq(string content) => "30" + (content.Length / 2).ToString("x2") + content;

    [Fact]
    public void AgreesWithDotNetOnManySignatures()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var digest = new byte[32];
        var lengths = new HashSet<int>();
        for (var i = 0; i < 300; i++)
        {
            digest[0] = (byte)i;
            digest[1] = (byte)(i >> 8);
            var der = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
            lengths.Add(der.Length);
            var raw = Decode(der);
            Assert.True(key.VerifyHash(digest, raw, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }

        Assert.Contains(72, lengths); // both integers with a 0x00 sign byte
        Assert.Contains(70, lengths);
    }

    [Fact]
    public void DecodesShortIntegersRightAligned()
    {
        var raw = Decode(Convert.FromHexString(Seq(Int("01") + Int("00ff"))));
        Assert.Equal(new byte[31].Concat(new byte[] { 1 }).Concat(new byte[31]).Concat(new byte[] { 0xff }).ToArray(), raw);
    }

    [Fact]
    public void DecodesIntoAnOffset()
    {
        var der = Convert.FromHexString(Seq(Int("7f") + Int("01")));
        var raw = Enumerable.Repeat((byte)0xEE, 70).ToArray();
        DerSignature.Decode(der, 0, der.Length, raw, 3);
        Assert.Equal(0xEE, raw[2]);
        Assert.Equal(0x7f, raw[34]);
        Assert.Equal(0x01, raw[66]);
        Assert.Equal(0xEE, raw[67]);
    }

    private static readonly string R32 = "7" + new string('a', 63);
    private static readonly string R32High = "8" + new string('b', 63);

    public static TheoryData<string, string> Malformed() => new()
    {
        { "empty", "" },
        { "not a sequence", "31" + Seq(Int("01") + Int("01"))[2..] },
        { "sequence length past end", "3007" + Int("01") + Int("01") },
        { "sequence shorter than content", "3005" + Int("01") + Int("01") },
        { "bytes after the sequence", Seq(Int("01") + Int("01")) + "00" },
        { "zero padding after (--pad-sig)", Seq(Int(R32) + Int(R32)) + "0000" },
        { "third integer", Seq(Int("01") + Int("01") + Int("01")) },
        { "one integer", Seq(Int("01")) },
        { "empty integer", Seq("0200" + Int("01")) },
        { "negative r", Seq(Int("80") + Int("01")) },
        { "negative s", Seq(Int("01") + Int(R32High)) },
        { "non-minimal r", Seq(Int("0001") + Int("01")) },
        { "non-minimal s", Seq(Int("01") + Int("00" + R32)) },
        { "r over 32 bytes", Seq(Int("01" + R32) + Int("01")) },
        { "r 33 bytes with 0x00 then 32 more", Seq(Int("0000" + R32High) + Int("01")) },
        { "wrong integer tag", Seq("0301" + "01" + Int("01")) },
        { "long form length below 128", "3081" + "06" + Int("01") + Int("01") },
        { "indefinite length", "3080" + Int("01") + Int("01") + "0000" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RejectsMalformed(string what, string hex)
    {
        Assert.True(ErrorOf(hex) == ImageError.MalformedSignature, what);
    }

    [Fact]
    public void RejectsOverlongInput()
    {
        var ok = Convert.FromHexString(Seq(Int("00" + R32High) + Int("00" + R32High)));
        Assert.Equal(72, ok.Length);
        Decode(ok);
        var longer = ok.Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(ImageError.MalformedSignature, Assert.Throws<ImageException>(() => Decode(longer)).Error);
    }

    [Fact]
    public void RejectsEveryTruncation()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = key.SignHash(new byte[32], DSASignatureFormat.Rfc3279DerSequence);
        for (var n = 0; n < der.Length; n++)
        {
            Assert.Equal(ImageError.MalformedSignature, Assert.Throws<ImageException>(() => Decode(der[..n])).Error);
        }
    }
}
