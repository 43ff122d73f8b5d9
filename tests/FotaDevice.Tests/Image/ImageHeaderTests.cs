using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class ImageHeaderTests
{
    private static byte[] Header(int hdrSize = 32, int protSize = 12, uint imgSize = 3000, uint flags = 0)
    {
        var b = new byte[32];
        ImageHeader.Write(b, 0, hdrSize, protSize, imgSize, new ImageVersion(1, 2, 3, 4));
        Binary.LittleEndian.WriteUInt32(b, 16, flags);
        return b;
    }

    [Fact]
    public void ReadsImgtoolHeaderBytes()
    {
        // First 32 bytes of imgtool's ecdsa-p256-v1.2.3.img (--version 1.2.3+4 -H 0x20 -s 7, 3000-byte body).
        var bytes = Convert.FromHexString("3db8f39600000000" + "20000c00b80b0000" + "0000000001020300" + "0400000000000000");
        var h = new ImageHeader();
        h.Read(bytes, 0);
        Assert.Equal(32, h.HeaderSize);
        Assert.Equal(12, h.ProtectedTlvSize);
        Assert.Equal(3000u, h.ImageSize);
        Assert.Equal(0u, h.Flags);
        Assert.Equal("1.2.3+4", h.Version.ToString());
        Assert.Equal(3032L, h.ProtectedTlvOffset);
        Assert.Equal(3044L, h.TlvOffset);
        Assert.Equal(bytes, Header());
    }

    [Theory]
    [InlineData(0, ImageError.BadMagic)]
    [InlineData(3, ImageError.BadMagic)]
    public void RejectsBadMagic(int index, ImageError expected)
    {
        var b = Header();
        b[index] ^= 0x01;
        var e = Assert.Throws<ImageException>(() => new ImageHeader().Read(b, 0));
        Assert.Equal(expected, e.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(4097)]
    [InlineData(65535)]
    public void RejectsHeaderSizeOutOfRange(int size)
    {
        var e = Assert.Throws<ImageException>(() => new ImageHeader().Read(Header(hdrSize: size), 0));
        Assert.Equal(ImageError.BadHeaderSize, e.Error);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(0x200)]
    [InlineData(4096)]
    public void AcceptsHeaderSizeInRange(int size)
    {
        var h = new ImageHeader();
        h.Read(Header(hdrSize: size), 0);
        Assert.Equal(size, h.HeaderSize);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1025)]
    [InlineData(65535)]
    public void RejectsProtectedSizeOutOfRange(int size)
    {
        var e = Assert.Throws<ImageException>(() => new ImageHeader().Read(Header(protSize: size), 0));
        Assert.Equal(ImageError.BadProtectedTlvSize, e.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(1024)]
    public void AcceptsProtectedSizeInRange(int size) => new ImageHeader().Read(Header(protSize: size), 0);

    [Fact]
    public void RejectsEveryFlag()
    {
        for (var bit = 0; bit < 32; bit++)
        {
            var e = Assert.Throws<ImageException>(() => new ImageHeader().Read(Header(flags: 1u << bit), 0));
            Assert.Equal(ImageError.BadFlags, e.Error);
        }
    }

    [Fact]
    public void ChecksFitAgainstCapacityAndMinimumBody()
    {
        var h = new ImageHeader();
        h.Read(Header(imgSize: 3000), 0);
        h.CheckFits(3048, 16); // 32 + 3000 + 12 + 4
        Assert.Equal(ImageError.TooLarge, Assert.Throws<ImageException>(() => h.CheckFits(3047, 16)).Error);
        h.Read(Header(imgSize: uint.MaxValue), 0);
        Assert.Equal(ImageError.TooLarge, Assert.Throws<ImageException>(() => h.CheckFits(int.MaxValue, 16)).Error);
        h.Read(Header(imgSize: 15), 0);
        Assert.Equal(ImageError.BodyTooSmall, Assert.Throws<ImageException>(() => h.CheckFits(4096, 16)).Error);
    }

    [Fact]
    public void CloneIsIndependent()
    {
        var h = new ImageHeader();
        h.Read(Header(imgSize: 100), 0);
        var c = h.Clone();
        h.Read(Header(imgSize: 200), 0);
        Assert.Equal(100u, c.ImageSize);
        Assert.Equal("1.2.3+4", c.Version.ToString());
    }

    [Fact]
    public void VersionOrderAndBytes()
    {
        var v = new ImageVersion(1, 2, 0x0303, 0x04050607);
        var b = new byte[8];
        v.Write(b, 0);
        Assert.Equal("0102030307060504", Convert.ToHexString(b));
        var r = new ImageVersion();
        r.Read(b, 0);
        Assert.Equal(0, r.CompareTo(v));
        Assert.True(new ImageVersion(1, 2, 3, 4).CompareTo(new ImageVersion(1, 2, 3, 5)) < 0);
        Assert.True(new ImageVersion(1, 3, 0, 0).CompareTo(new ImageVersion(1, 2, 9, 9)) > 0);
        Assert.True(new ImageVersion(2, 0, 0, 0).CompareTo(new ImageVersion(1, 255, 65535, uint.MaxValue)) > 0);
        Assert.True(new ImageVersion(1, 2, 3, uint.MaxValue).CompareTo(new ImageVersion(1, 2, 3, 0)) > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageVersion(256, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageVersion(0, 0, 65536, 0));
    }
}
