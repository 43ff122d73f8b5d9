using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

/// <summary>Header flags are refused by name, as MCUboot names them.</summary>
public sealed class ImageFlagNamesTests
{
    [Theory]
    [InlineData(0u, "")]
    [InlineData(0x08u, "ENCRYPTED_AES256")]
    [InlineData(0x10u | 0x200u, "NON_BOOTABLE COMPRESSED_LZMA1")]
    [InlineData(0x40000002u, "0x40000002")]
    [InlineData(0x21u | 0x1000u, "PIC RAM_LOAD 0x1000")]
    public void FlagsAreNamed(uint flags, string names) => Assert.Equal(names, ImageFormat.FlagNames(flags));

    [Fact]
    public void TheHeaderRefusalNamesTheFlags()
    {
        var header = new byte[32];
        BitConverter.GetBytes(ImageFormat.HeaderMagic).CopyTo(header, 0);
        header[8] = 32;
        header[12] = 64;
        header[16] = 0x04;
        var e = Assert.Throws<ImageException>(() => new ImageHeader().Read(header, 0));
        Assert.Equal(ImageError.BadFlags, e.Error);
        Assert.Contains("(ENCRYPTED_AES128) are not supported", e.Message);
    }
}
