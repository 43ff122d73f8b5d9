using System.Security.Cryptography;

namespace FotaDevice.Host.Keys;

/// <summary>Reads the first PEM block of a file, with one-line errors.</summary>
internal static class PemFile
{
    public static (string Label, byte[] Der) Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new KeyFileException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new KeyFileException($"{path}: no such file");
        }
        catch (IOException e)
        {
            throw new KeyFileException($"{path}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new KeyFileException($"{path}: permission denied");
        }

        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new KeyFileException($"{path}: not a PEM file (no -----BEGIN ...----- block, or its base64 is damaged)");
        }

        var label = text[fields.Label];
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text.AsSpan()[fields.Base64Data], der, out var written))
        {
            throw new KeyFileException($"{path}: the PEM's base64 is damaged");
        }

        return (label, der[..written]);
    }
}
