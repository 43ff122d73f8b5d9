using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Signing;

namespace FotaDevice.Cli.Commands;

/// <summary>Option handling several commands share.</summary>
internal static class CommandHelpers
{
    /// <summary>The passphrase from --passphrase-file (its first line), or null.</summary>
    public static string? Passphrase(ParseResult parse)
    {
        var path = parse.GetValue(CommonOptions.PassphraseFile);
        if (path == null)
        {
            return null;
        }

        var line = ReadText(path, "the passphrase").Split('\n')[0].TrimEnd('\r');
        if (line.Length == 0)
        {
            throw new CliException($"{path}: the passphrase is empty");
        }

        return line;
    }

    /// <summary>The public keys (DER SubjectPublicKeyInfo, checked) of the files given with <paramref name="option"/>.</summary>
    public static List<byte[]> PublicKeys(ParseResult parse, Option<string[]> option) =>
        (parse.GetValue(option) ?? []).Select(k => FotaDevice.Host.Keys.PublicKeyFile.Load(k, Passphrase(parse)).SubjectPublicKeyInfo).ToList();

    public static KeyType ParseKeyType(string text) => text switch
    {
        "ecdsa-p256" or "ecdsa" or "p256" => KeyType.EcdsaP256,
        "ed25519" => KeyType.Ed25519,
        _ => throw new CliException($"unknown key type '{text}' (ecdsa-p256 or ed25519)", ExitCodes.Usage),
    };

    /// <summary>Parses NAME=1.2.3.4 (missing parts 0) for <paramref name="option"/>.</summary>
    public static (string Name, FotaDevice.Image.AssemblyVersion Version) ParseNameVersion(string option, string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || !Version.TryParse(parts[1].Contains('.') ? parts[1] : parts[1] + ".0", out var v)
            || v.Major > ushort.MaxValue || v.Minor > ushort.MaxValue || v.Build > ushort.MaxValue || v.Revision > ushort.MaxValue)
        {
            throw new CliException($"{option} '{text}': expected NAME=1.2.3.4 (each part 0..65535)", ExitCodes.Usage);
        }

        return (parts[0], new FotaDevice.Image.AssemblyVersion(v.Major, Math.Max(0, v.Minor), Math.Max(0, v.Build), Math.Max(0, v.Revision)));
    }

    public static string Name(KeyType type) => type == KeyType.EcdsaP256 ? "ecdsa-p256" : "ed25519";

    /// <summary>The bytes of an input file; a missing file or a folder is a one-line error naming it and <paramref name="what"/> it should be.</summary>
    public static byte[] ReadFile(string path, string what)
    {
        CheckInput(path, what);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"{path}: no such file (expected {what})");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"{path}: permission denied");
        }
    }

    /// <summary>The text of an input file, as <see cref="ReadFile"/>.</summary>
    public static string ReadText(string path, string what) => System.Text.Encoding.UTF8.GetString(ReadFile(path, what)).TrimStart('\uFEFF');

    /// <summary>Reads an MCUboot image; its errors name <paramref name="path"/>.</summary>
    public static FotaDevice.Host.Images.ImageDescription ReadImage(byte[] image, string path) =>
        Named(path, () => FotaDevice.Host.Images.ImageReader.Read(image));

    /// <summary>Runs <paramref name="work"/> on the file at <paramref name="path"/>; an image or argument error names the file.</summary>
    public static T Named<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is FotaDevice.Image.ImageException or ArgumentException)
        {
            throw new CliException($"{path}: {ErrorText.Clean(e)}");
        }
    }

    private static void CheckInput(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: a folder, not a file (expected {what})");
        }
    }

    /// <summary>Writes a file, refusing to replace one unless <paramref name="force"/>.</summary>
    public static void WriteNew(string path, string text, bool force, UnixFileMode? mode = null)
    {
        if (File.Exists(path) && !force)
        {
            throw new CliException($"{path} exists: not overwriting it (use --force)");
        }

        WriteOutput(path, System.Text.Encoding.UTF8.GetBytes(text), mode);
    }

    /// <summary>Checks that <paramref name="path"/> can be an output file: not a folder, in a folder that exists.</summary>
    public static void CheckOutput(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: a folder (give the name of the file to write)");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null && !Directory.Exists(folder))
        {
            throw new CliException($"{path}: no such folder {folder}");
        }
    }

    /// <summary>
    /// Writes an output file whole or not at all: into a temporary file beside it, then renamed over
    /// it, so a failure leaves no half-written file (and an existing one as it was).
    /// </summary>
    public static void WriteOutput(string path, byte[] bytes, UnixFileMode? mode = null)
    {
        CheckOutput(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (mode != null && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CliException($"{path}: permission denied");
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            throw new CliException($"{path}: {e.Message}");
        }
    }

    /// <summary>Writes an output text file, as <see cref="WriteOutput(string, byte[], UnixFileMode?)"/>.</summary>
    public static void WriteOutput(string path, string text) => WriteOutput(path, System.Text.Encoding.UTF8.GetBytes(text));
}
