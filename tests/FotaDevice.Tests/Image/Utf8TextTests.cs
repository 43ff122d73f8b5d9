using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class Utf8TextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("41")]
    [InlineData("c2a0")]          // U+00A0, first after the C1 controls
    [InlineData("dfbf")]
    [InlineData("e0a080")]        // U+0800
    [InlineData("ed9fbf")]        // U+D7FF
    [InlineData("ee8080")]        // U+E000
    [InlineData("efbfbf")]
    [InlineData("f0908080")]      // U+10000
    [InlineData("f48fbfbf")]      // U+10FFFF
    public void AcceptsWellFormedText(string hex) => Assert.True(Check(hex));

    [Theory]
    [InlineData("00")]
    [InlineData("1f")]
    [InlineData("7f")]
    [InlineData("c280")]          // U+0080 (C1 control)
    [InlineData("c29f")]          // U+009F (C1 control)
    [InlineData("c0af")]          // overlong
    [InlineData("c1bf")]          // overlong
    [InlineData("e08080")]        // overlong
    [InlineData("eda080")]        // surrogate U+D800
    [InlineData("f08f8080")]      // overlong
    [InlineData("f4908080")]      // above U+10FFFF
    [InlineData("f5808080")]
    [InlineData("80")]            // lone continuation
    [InlineData("c2")]            // cut short
    [InlineData("e0a0")]
    [InlineData("c241")]          // bad continuation
    [InlineData("e0a041")]
    [InlineData("ff")]
    public void RejectsMalformedOrControl(string hex) => Assert.False(Check(hex));

    [Fact]
    public void ChecksOnlyTheGivenRange()
    {
        var b = new byte[] { 0x00, 0x41, 0x42, 0xC2 };
        Assert.True(Utf8Text.IsCleanText(b, 1, 2));
        Assert.False(Utf8Text.IsCleanText(b, 1, 3));
    }

    private static bool Check(string hex)
    {
        var b = Convert.FromHexString(hex);
        return Utf8Text.IsCleanText(b, 0, b.Length);
    }
}
