using System.Globalization;
using System.Text.RegularExpressions;
using FotaDevice.Image;

namespace FotaDevice.Host.Images;

/// <summary>What goes into an image besides its body: version, security counter, product, header size.</summary>
public sealed partial class ImageOptions
{
    /// <summary>The image version (header). Default 0.0.0+0.</summary>
    public ImageVersion Version { get; set; } = new();

    /// <summary>The security counter (SEC_CNT TLV, protected), or null for none.</summary>
    public uint? SecurityCounter { get; set; }

    /// <summary>The product/board identity (FOTA_PRODUCT TLV 0xA1, protected, UTF-8, 1–64 bytes), or null.</summary>
    public string? ProductId { get; set; }

    /// <summary><c>ih_hdr_size</c>, 32..4096. Default 32 (no padding).</summary>
    public int HeaderSize { get; set; } = ImageFormat.HeaderSize;

    /// <summary>The byte filling the header from 32 to <see cref="HeaderSize"/>. Default 0xFF, as imgtool <c>--pad-header</c> writes.</summary>
    public byte HeaderPadding { get; set; } = 0xFF;

    /// <summary>
    /// Parses a version as imgtool does: <c>major[.minor[.revision[+build]]]</c>, missing parts 0,
    /// no leading zeros, <c>+build</c> only after a revision; major and minor 0..255, revision
    /// 0..65535, build 0..4294967295. Throws <see cref="FormatException"/>.
    /// </summary>
    public static ImageVersion ParseVersion(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = VersionPattern().Match(text);
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a version of the form major.minor.revision+build (e.g. 1.2.3+4)");
        }

        static ulong Part(Group g) => g.Success ? ulong.Parse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        ulong major, minor, revision, build;
        try
        {
            major = Part(m.Groups[1]);
            minor = Part(m.Groups[2]);
            revision = Part(m.Groups[3]);
            build = Part(m.Groups[4]);
        }
        catch (OverflowException)
        {
            throw new FormatException($"'{text}': a version part is too large");
        }

        if (major > 255 || minor > 255 || revision > 65535 || build > uint.MaxValue)
        {
            throw new FormatException($"'{text}': major and minor must be 0..255, revision 0..65535, build 0..4294967295");
        }

        return new ImageVersion((int)major, (int)minor, (int)revision, (uint)build);
    }

    /// <summary>The security counter imgtool's <c>--security-counter auto</c> gives: (major &lt;&lt; 24) + (minor &lt;&lt; 16) + revision.</summary>
    public static uint AutoSecurityCounter(ImageVersion version) =>
        ((uint)version.Major << 24) + ((uint)version.Minor << 16) + (uint)version.Revision;

    [GeneratedRegex(@"^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\+(0|[1-9][0-9]*))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
