using System.Text;
using FotaDevice.Host.Images;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

public class AppBundleManifestTests
{
    private static byte[] Body() => TestImages.Bundle();

    private static int ManifestSize(byte[] body) => body[6] | (body[7] << 8);

    private static ImageError ErrorOf(byte[] body, int runtime = BundleRuntime.NanoFramework)
    {
        var e = Assert.Throws<ImageException>(() => AppBundleManifest.Check(body, 0, Math.Min(body.Length, AppBundleManifest.MaxSize), body.Length, runtime));
        return e.Error;
    }

    // A manifest written by hand (not by AppBundleBuilder), to pin the byte layout of §2.
    private static byte[] HandWritten()
    {
        var m = new List<byte>();
        m.AddRange(Encoding.ASCII.GetBytes("FTAB"));
        m.AddRange(new byte[] { 1, 0, 0, 0 }); // format 1, size patched below
        m.AddRange(new byte[] { 2, 1, 1, 5 }); // runtime .NET, 1 assembly, 1 requirement, entry 5 bytes
        m.AddRange(Encoding.ASCII.GetBytes("A.B.C"));
        m.Add(3);
        m.AddRange(Encoding.ASCII.GetBytes("Lib"));
        m.AddRange(new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 });
        m.Add(3);
        m.AddRange(Encoding.ASCII.GetBytes("App"));
        m.AddRange(new byte[] { 5, 0, 6, 0, 7, 0, 8, 0 });
        m.AddRange(new byte[] { 3, 0, 0, 0 });
        m[6] = (byte)m.Count;
        m.AddRange(new byte[] { 0xAA, 0xBB, 0xCC });
        return m.ToArray();
    }

    [Fact]
    public void ParsesAHandWrittenManifest()
    {
        var body = HandWritten();
        var m = AppBundleManifest.Parse(body, 0, body.Length, body.Length, BundleRuntime.DotNet, 0x20);
        Assert.Equal(BundleRuntime.DotNet, m.Runtime);
        Assert.Equal(body.Length - 3, m.ManifestSize);
        Assert.Equal("A.B.C", m.EntryPoint);
        Assert.Equal("Lib", Assert.Single(m.Requirements).Name);
        Assert.Equal("1.2.3.4", m.Requirements[0].MinimumVersion.ToString());
        var a = Assert.Single(m.Assemblies);
        Assert.Equal("App", a.Name);
        Assert.Equal("5.6.7.8", a.Version.ToString());
        Assert.Equal(0x20 + m.ManifestSize, a.Offset);
        Assert.Equal(3, a.Length);
    }

    [Fact]
    public void BuilderAndParserAgree()
    {
        var body = Body();
        var m = AppBundleManifest.Parse(body, 0, body.Length, body.Length, BundleRuntime.NanoFramework, 0);
        Assert.Equal("Demo.App.Program.Main", m.EntryPoint);
        Assert.Equal("System.Device.Gpio", m.Requirements[0].Name);
        Assert.Equal(new[] { "Demo.App", "Demo.Lib" }, m.Assemblies.Select(a => a.Name));
        Assert.Equal(TestImages.AssemblyA, body.AsSpan(m.Assemblies[0].Offset, m.Assemblies[0].Length).ToArray());
        Assert.Equal(TestImages.AssemblyB, body.AsSpan(m.Assemblies[1].Offset, m.Assemblies[1].Length).ToArray());
        Assert.Equal(body.Length, m.Assemblies[1].Offset + m.Assemblies[1].Length);
    }

    [Fact]
    public void ReadSizeNeedsOnlyThePrefix()
    {
        var body = Body();
        Assert.Equal(ManifestSize(body), AppBundleManifest.ReadSize(body, 0, body.Length));
    }

    [Fact]
    public void AnyRuntimeWithNone() => AppBundleManifest.Check(Body(), 0, ManifestSize(Body()), Body().Length, BundleRuntime.None);

    [Fact]
    public void WrongRuntime() => Assert.Equal(ImageError.WrongRuntime, ErrorOf(Body(), BundleRuntime.DotNet));

    public static TheoryData<string, int, int> Corruptions() => new()
    {
        { "magic", 0, 'X' },
        { "format 0", 4, 0 },
        { "format 2", 4, 2 },
        { "size below 16", 6, 15 },
        { "runtime 0", 8, 0 },
        { "runtime 3", 8, 3 },
        { "no assemblies", 9, 0 },
        { "33 assemblies", 9, 33 },
        { "assembly count off by one", 9, 3 },
        { "33 requirements", 10, 33 },
        { "requirement count off by one", 10, 2 },
        { "entry length 0", 11, 0 },
        { "entry length too long", 11, 200 },
        { "entry control char", 12, 0x01 },
        { "entry space", 13, ' ' },
        { "entry leading dot", 12, '.' },
        { "requirement name length 0", 33, 0 },
        { "requirement name invalid utf8", 34, 0xFF },
        { "requirement name DEL", 35, 0x7F },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void RejectsCorruption(string what, int offset, int value)
    {
        var body = Body();
        Assert.NotEqual(value, body[offset]);
        body[offset] = (byte)value;
        Assert.True(ErrorOf(body) == ImageError.MalformedBundle, what);
    }

    [Fact]
    public void RejectsSizeAboveMaximumOrBody()
    {
        var body = Body();
        body[6] = 0x01;
        body[7] = 0x04; // 1025
        Assert.Equal(ImageError.MalformedBundle, Assert.Throws<ImageException>(() => AppBundleManifest.ReadSize(body, 0, 100000)).Error);
        var small = Body();
        Assert.Equal(ImageError.MalformedBundle, Assert.Throws<ImageException>(() => AppBundleManifest.ReadSize(small, 0, ManifestSize(small) - 1)).Error);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void RejectsManifestSizeNotMatchingFields(int delta)
    {
        var body = Body();
        body[6] = (byte)(body[6] + delta);
        Assert.Equal(ImageError.MalformedBundle, ErrorOf(body));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void RejectsAssemblyLengthsNotMatchingBody(int delta)
    {
        var body = Body();
        var trimmed = delta < 0 ? body[..^1] : body.Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(ImageError.MalformedBundle, ErrorOf(trimmed));
    }

    [Fact]
    public void RejectsEmptyAssemblyAndOverflowingLengths()
    {
        var body = HandWritten();
        var lengthAt = ManifestSize(body) - 4;
        body[lengthAt] = 0;
        Assert.Equal(ImageError.MalformedBundle, Assert.Throws<ImageException>(() => AppBundleManifest.Check(body, 0, body.Length, body.Length, 0)).Error);
        body[lengthAt] = 0xFF;
        body[lengthAt + 3] = 0xFF;
        Assert.Equal(ImageError.MalformedBundle, Assert.Throws<ImageException>(() => AppBundleManifest.Check(body, 0, body.Length, body.Length, 0)).Error);
    }

    [Fact]
    public void RejectsCutShortManifest()
    {
        var body = Body();
        Assert.Equal(ImageError.MalformedBundle, Assert.Throws<ImageException>(() => AppBundleManifest.Check(body, 0, ManifestSize(body) - 1, body.Length, 0)).Error);
        Assert.Equal(ImageError.MalformedBundle, Assert.Throws<ImageException>(() => AppBundleManifest.Check(body, 0, 7, body.Length, 0)).Error);
    }

    [Theory]
    [InlineData("A.B")]
    [InlineData("A..B.C")]
    [InlineData("A.B.C.")]
    [InlineData(".A.B.C")]
    [InlineData("A.B C.D")]
    [InlineData("A.B.\u0085")]
    public void RejectsBadEntryPoints(string entry)
    {
        var e = Assert.Throws<ArgumentException>(() => new AppBundleBuilder(BundleRuntime.NanoFramework, entry).Add("X", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Build());
        Assert.Contains("entry point", e.Message);
    }

    [Theory]
    [InlineData("A.B.C")]
    [InlineData("Ünïcödé.Typ.Méthode")]
    [InlineData("Deep.Name.Space.Type.Main")]
    public void AcceptsEntryPoints(string entry)
    {
        var body = new AppBundleBuilder(BundleRuntime.NanoFramework, entry).Add("X", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Build();
        Assert.Equal(entry, AppBundleManifest.Parse(body, 0, body.Length, body.Length, 0, 0).EntryPoint);
    }

    [Fact]
    public void RejectsDuplicateNamesWithinATable()
    {
        var dupAssembly = new AppBundleBuilder(BundleRuntime.NanoFramework, "A.B.C").Add("X", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Add("X", new AssemblyVersion(2, 0, 0, 0), new byte[1]);
        Assert.Throws<ArgumentException>(() => dupAssembly.Build());
        var dupRequirement = new AppBundleBuilder(BundleRuntime.NanoFramework, "A.B.C").Require("L", new AssemblyVersion(1, 0, 0, 0)).Require("L", new AssemblyVersion(1, 0, 0, 0)).Add("X", new AssemblyVersion(1, 0, 0, 0), new byte[1]);
        Assert.Throws<ArgumentException>(() => dupRequirement.Build());
        // The same name with a different length prefix is a different name.
        new AppBundleBuilder(BundleRuntime.NanoFramework, "A.B.C").Add("X", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Add("XX", new AssemblyVersion(1, 0, 0, 0), new byte[1]).Build();
    }

    [Fact]
    public void LimitsCountsAndSize()
    {
        var b = new AppBundleBuilder(BundleRuntime.NanoFramework, "A.B.C");
        for (var i = 0; i < 32; i++)
        {
            b.Add("Assembly" + i, new AssemblyVersion(1, 0, 0, 0), new byte[1]);
        }

        var body = b.Build();
        Assert.Equal(32, AppBundleManifest.Parse(body, 0, body.Length, body.Length, 0, 0).Assemblies.Length);
        b.Add("One too many", new AssemblyVersion(1, 0, 0, 0), new byte[1]);
        Assert.Throws<ArgumentException>(() => b.Build());
        var big = new AppBundleBuilder(BundleRuntime.NanoFramework, "A.B.C");
        for (var i = 0; i < 5; i++)
        {
            big.Add(new string((char)('a' + i), 255), new AssemblyVersion(1, 0, 0, 0), new byte[1]);
        }

        Assert.Contains("1024", Assert.Throws<ArgumentException>(() => big.Build()).Message);
    }
}
