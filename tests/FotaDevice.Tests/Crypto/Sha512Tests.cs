using System.Security.Cryptography;
using System.Text;
using FotaDevice.Crypto;
using Xunit;
using static FotaDevice.Tests.Crypto.Sha256Tests;
using FotaDevice.Testing.Allocations;

namespace FotaDevice.Tests.Crypto;

public class Sha512Tests
{
    // FIPS 180-4 examples (NIST CSRC "SHA512.pdf" example values: one block, two blocks) and the empty message.
    [Theory]
    [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    public void MatchesPublishedVectors(string message, string expected)
    {
        Assert.Equal(expected, Hex(Sha512.Hash(Encoding.ASCII.GetBytes(message))));
    }

    // FIPS 180-2 appendix C.3: one million repetitions of 'a'.
    [Fact]
    public void MillionA()
    {
        var sha = new Sha512();
        var chunk = Encoding.ASCII.GetBytes(new string('a', 1000));
        for (var i = 0; i < 1000; i++)
        {
            sha.Update(chunk, 0, chunk.Length);
        }

        Assert.Equal(1_000_000, sha.Length);
        var digest = new byte[64];
        sha.Final(digest, 0);
        Assert.Equal("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b", Hex(digest));
    }

    // Padding edges: the 16-byte length field fits (111), just doesn't (112), block boundaries
    // (127, 128, 129), the same one block later (239, 240), and a few more.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(111)]
    [InlineData(112)]
    [InlineData(113)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(239)]
    [InlineData(240)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(1000)]
    public void PaddingEdgesMatchDotNet(int length)
    {
        var data = Pattern(length);
        Assert.Equal(SHA512.HashData(data), Sha512.Hash(data));
    }

    [Fact]
    public void AnySplitOfTheInputGivesTheSameDigest()
    {
        var random = new Random(4321);
        var sha = new Sha512();
        var digest = new byte[64];
        for (var trial = 0; trial < 200; trial++)
        {
            var data = new byte[random.Next(0, 1200)];
            random.NextBytes(data);
            var expected = SHA512.HashData(data);
            var offset = 0;
            while (offset < data.Length)
            {
                var n = Math.Min(data.Length - offset, random.Next(0, 300));
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
        var sha = new Sha512();
        var data = Pattern(300);
        sha.Update(data, 0, data.Length);
        var output = new byte[70];
        sha.Final(output, 6);
        Assert.Equal(SHA512.HashData(data), output.AsSpan(6, 64).ToArray());
        Assert.Equal(0, sha.Length);

        sha.Update(data, 10, 150);
        sha.Final(output, 0);
        Assert.Equal(SHA512.HashData(data.AsSpan(10, 150)), output.AsSpan(0, 64).ToArray());
    }

    [Fact]
    public void OneShotHashWritesAtTheOffset()
    {
        var data = Pattern(200);
        var output = new byte[80];
        Sha512.Hash(data, 3, 150, output, 16);
        Assert.Equal(SHA512.HashData(data.AsSpan(3, 150)), output.AsSpan(16, 64).ToArray());
        Assert.Throws<ArgumentNullException>(() => Sha512.Hash(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha512.Hash(data, 100, 101, output, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha512.Hash(data, 0, 1, output, 17));
    }

    [Fact]
    public void BadRangesAreRejectedWithoutChangingTheState()
    {
        var sha = new Sha512();
        var data = Pattern(10);
        sha.Update(data, 0, 5);
        Assert.Throws<ArgumentNullException>(() => sha.Update(null!, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 0, -1));
        Assert.Throws<ArgumentNullException>(() => sha.Final(null!, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[63], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[64], 1));
        var digest = new byte[64];
        sha.Final(digest, 0);
        Assert.Equal(SHA512.HashData(data.AsSpan(0, 5)), digest);
    }

    [Fact]
    public void HashingAllocatesNothing()
    {
        var sha = new Sha512();
        var data = Pattern(4096);
        var digest = new byte[64];
        sha.Update(data, 0, data.Length);
        sha.Final(digest, 0);
        Assert.Equal(0, AllocationCount.Of(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                sha.Update(data, 1, data.Length - 1);
                sha.Update(data, 0, 77);
                sha.Final(digest, 0);
            }
        }));
    }
}
