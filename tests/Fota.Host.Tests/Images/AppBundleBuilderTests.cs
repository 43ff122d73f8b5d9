using FotaDevice.Host.Images;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Host.Tests.Images;

public class AppBundleBuilderTests
{
    [Fact]
    public void WritesTheManifestOfTheFormatDocument()
    {
        var body = new AppBundleBuilder(BundleRuntime.NanoFramework, "A.B.C")
            .Require("L", new AssemblyVersion(1, 2, 3, 4))
            .Add("X", new AssemblyVersion(5, 6, 7, 8), new byte[] { 0xAA, 0xBB })
            .Build();
        var expected = Convert.FromHexString(
            "46544142" + "0100" + "2900" + "01" + "01" + "01" + "05" + "412e422e43" // FTAB, format 1, size 41, runtime, counts, entry
            + "01" + "4c" + "0100020003000400"                                          // requirement L 1.2.3.4
            + "01" + "58" + "0500060007000800" + "02000000"                             // assembly X 5.6.7.8, 2 bytes
            + "aabb");
        Assert.Equal(expected, body);
    }

    [Fact]
    public void RejectsWhatTheFormatForbids()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AppBundleBuilder(0, "A.B.C"));
        Assert.Throws<ArgumentException>(() => new AppBundleBuilder(1, "A.B.C").Build());
        Assert.Throws<ArgumentException>(() => new AppBundleBuilder(1, "A.B.C").Add("X", new AssemblyVersion(1, 0, 0, 0), Array.Empty<byte>()).Build());
        Assert.Throws<ArgumentException>(() => new AppBundleBuilder(1, "A.B.C").Add("", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Build());
        Assert.Throws<ArgumentException>(() => new AppBundleBuilder(1, "A.B.C").Add(new string('n', 256), new AssemblyVersion(1, 0, 0, 0), new byte[1]).Build());
        Assert.Throws<ArgumentException>(() => new AppBundleBuilder(1, "A.B.C").Add("bad\u0001", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Build());
        var tooMany = new AppBundleBuilder(1, "A.B.C").Add("X", new AssemblyVersion(1, 0, 0, 0), new byte[1]);
        for (var i = 0; i < 33; i++)
        {
            tooMany.Require("L" + i, new AssemblyVersion(1, 0, 0, 0));
        }

        Assert.Throws<ArgumentException>(() => tooMany.Build());
    }
}
