using FotaDevice.Host.Signing;

namespace FotaDevice.Cli.Commands;

/// <summary>Option handling several commands share.</summary>
internal static class CommandHelpers
{
    public static readonly OptionSpec PassphraseFile = new("passphrase-file", "FILE", "file holding the key's passphrase (first line)");

    /// <summary>The passphrase from --passphrase-file (its first line), or null.</summary>
    public static string? Passphrase(Arguments args)
    {
        var path = args.Get("passphrase-file");
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

    public static KeyType ParseKeyType(string text) => text switch
    {
        "ecdsa-p256" or "ecdsa" or "p256" => KeyType.EcdsaP256,
        "ed25519" => KeyType.Ed25519,
        _ => throw new CliException($"unknown key type '{text}' (ecdsa-p256 or ed25519)", ExitCodes.Usage),
    };

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
