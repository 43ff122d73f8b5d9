using System.Security.Cryptography;
using System.Text;
using FotaDevice.Crypto;
using Xunit;
using FotaDevice.Testing.Allocations;

namespace FotaDevice.Tests.Crypto;

public class Sha256Tests
{
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf" example values) and the long-message vector.
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void MatchesPublishedVectors(string message, string expected)
    {
        Assert.Equal(expected, Hex(Sha256.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void MillionA()
    {
        var sha = new Sha256();
        var chunk = Encoding.ASCII.GetBytes(new string('a', 1000));
        for (var i = 0; i < 1000; i++)
        {
            sha.Update(chunk, 0, chunk.Length);
        }

        var digest = new byte[32];
        sha.Final(digest, 0);
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(digest));
    }

    // Padding edges: the length field fits (55), just doesn't (56), block boundaries (63, 64, 65), two blocks.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(57)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(128)]
    [InlineData(1000)]
    public void PaddingEdgesMatchDotNet(int length)
    {
        var data = Pattern(length);
        Assert.Equal(SHA256.HashData(data), Sha256.Hash(data));
    }

    [Fact]
    public void AnySplitOfTheInputGivesTheSameDigest()
    {
        var data = Pattern(777);
        var expected = SHA256.HashData(data);
        var random = new Random(1234);
        var sha = new Sha256();
        var digest = new byte[32];
        for (var trial = 0; trial < 200; trial++)
        {
            var offset = 0;
            while (offset < data.Length)
            {
                var n = Math.Min(data.Length - offset, random.Next(0, 150));
                sha.Update(data, offset, n);
                offset += n;
            }

            sha.Final(digest, 0);
            Assert.Equal(expected, digest);
        }
    }

    [Fact]
    public void FinalResetsForTheNextMessageAndWritesAtTheOffset()
    {
        var sha = new Sha256();
        var data = Pattern(100);
        sha.Update(data, 0, data.Length);
        var output = new byte[40];
        sha.Final(output, 5);
        Assert.Equal(SHA256.HashData(data), output.AsSpan(5, 32).ToArray());
        Assert.Equal(0, sha.Length);

        sha.Update(data, 10, 20);
        sha.Final(output, 0);
        Assert.Equal(SHA256.HashData(data.AsSpan(10, 20)), output.AsSpan(0, 32).ToArray());
    }

    [Fact]
    public void BadRangesAreRejectedWithoutChangingTheState()
    {
        var sha = new Sha256();
        var data = Pattern(10);
        sha.Update(data, 0, 5);
        Assert.Throws<ArgumentNullException>(() => sha.Update(null!, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[31], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[32], 1));
        var digest = new byte[32];
        sha.Final(digest, 0);
        Assert.Equal(SHA256.HashData(data.AsSpan(0, 5)), digest);
    }

    [Fact]
    public void ACopyGivesThePrefixDigestWhileTheOriginalGoesOn()
    {
        var data = Pattern(300);
        var whole = new Sha256();
        var prefix = new Sha256();
        whole.Update(data, 0, 101);
        whole.CopyTo(prefix);
        whole.Update(data, 101, 199);
        var digest = new byte[32];
        prefix.Final(digest, 0);
        Assert.Equal(SHA256.HashData(data.AsSpan(0, 101)), digest);
        whole.Final(digest, 0);
        Assert.Equal(SHA256.HashData(data), digest);
    }

    [Fact]
    public void HashingAllocatesNothing()
    {
        var sha = new Sha256();
        var data = Pattern(4096);
        var digest = new byte[32];
        sha.Update(data, 0, data.Length);
        sha.Final(digest, 0);
        Assert.Equal(0, AllocationCount.Of(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                sha.Update(data, 1, data.Length - 1);
                sha.Final(digest, 0);
            }
        }));
    }

    internal static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31) + 7);
        }

        return data;
    }

    internal static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
