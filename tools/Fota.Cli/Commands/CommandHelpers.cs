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

        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file");
        }

        var line = File.ReadLines(path).FirstOrDefault() ?? string.Empty;
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

    public static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"{path}: no such file (expected {what})");
        }
    }

    /// <summary>Writes a file, refusing to replace one unless <paramref name="force"/>.</summary>
    public static void WriteNew(string path, string text, bool force)
    {
        if (File.Exists(path) && !force)
        {
            throw new CliException($"{path} exists: not overwriting it (use --force)");
        }

        File.WriteAllText(path, text);
    }
}
