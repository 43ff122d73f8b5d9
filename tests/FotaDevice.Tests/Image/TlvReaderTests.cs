using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class TlvReaderTests
{
    // Protected area of imgtool's ecdsa-p256-v1.2.3-customtlv.img: SEC_CNT 7, then 0xA1 "dev-board".
    private static byte[] Area() => Convert.FromHexString("08691900" + "5000040007000000" + "a1000900646576 2d626f617264".Replace(" ", ""));

    [Fact]
    public void WalksEntries()
    {
        var a = Area();
        var r = new TlvReader();
        r.Open(a, 0, a.Length, ImageFormat.ProtectedTlvInfoMagic);
        Assert.True(r.Next());
        Assert.Equal(0x50, r.Type);
        Assert.Equal(4, r.Length);
        Assert.Equal(8, r.ValueOffset);
        Assert.Equal(4, r.EntryOffset);
        Assert.True(r.Next());
        Assert.Equal(0xA1, r.Type);
        Assert.Equal(9, r.Length);
        Assert.Equal("dev-board", System.Text.Encoding.UTF8.GetString(a, r.ValueOffset, r.Length));
        Assert.False(r.Next());
        Assert.False(r.Next());
    }

    [Fact]
    public void WalksWithinARegionOfALargerArray()
    {
        var a = new byte[] { 0xEE, 0xEE }.Concat(Area()).Concat(new byte[] { 0x50, 0x00 }).ToArray();
        var r = new TlvReader();
        r.Open(a, 2, 25, ImageFormat.ProtectedTlvInfoMagic);
        var n = 0;
        while (r.Next())
        {
            n++;
        }

        Assert.Equal(2, n);
    }

    [Fact]
    public void EmptyAreaHasNoEntries()
    {
        var r = new TlvReader();
        r.Open(new byte[] { 0x07, 0x69, 0x04, 0x00 }, 0, 4, ImageFormat.TlvInfoMagic);
        Assert.False(r.Next());
    }

    [Fact]
    public void RejectsWrongMagic()
    {
        var a = Area();
        Assert.Equal(ImageError.BadTlvMagic, Assert.Throws<ImageException>(() => new TlvReader().Open(a, 0, a.Length, ImageFormat.TlvInfoMagic)).Error);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(26)]
    [InlineData(3)]
    public void RejectsTotalNotTheAreaSize(int areaSize)
    {
        var a = Area().Concat(new byte[8]).ToArray();
        Assert.Equal(ImageError.BadTlvAreaSize, Assert.Throws<ImageException>(() => new TlvReader().Open(a, 0, areaSize, ImageFormat.ProtectedTlvInfoMagic)).Error);
    }

    [Theory]
    [InlineData(10)] // inside the second entry's header... total says so
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(24)]
    public void RejectsEntriesRunningPastTheEnd(int total)
    {
        var a = Area();
        a[2] = (byte)total;
        var r = new TlvReader();
        r.Open(a, 0, total, ImageFormat.ProtectedTlvInfoMagic);
        var e = Assert.Throws<ImageException>(() =>
        {
            while (r.Next())
            {
            }
        });
        Assert.Equal(ImageError.MalformedTlv, e.Error);
    }

    [Fact]
    public void RejectsAnEntryLengthPastTheEnd()
    {
        var a = Area();
        a[14] = 10; // 0xA1 says 10 bytes, 9 remain
        var r = new TlvReader();
        r.Open(a, 0, a.Length, ImageFormat.ProtectedTlvInfoMagic);
        Assert.True(r.Next());
        Assert.Equal(ImageError.MalformedTlv, Assert.Throws<ImageException>(() => r.Next()).Error);
    }
}
