using System.Text;

namespace FotaDevice.Host.Keys;

/// <summary>One PEM block: its label, its RFC 1421 headers (a legacy-encrypted key's Proc-Type and DEK-Info) and its bytes.</summary>
/// <param name="Label">"PRIVATE KEY", "EC PARAMETERS", ...</param>
/// <param name="Headers">Header lines before the base64, by name.</param>
/// <param name="Der">The decoded bytes.</param>
public sealed record PemBlock(string Label, IReadOnlyDictionary<string, string> Headers, byte[] Der);

/// <summary>Reads every PEM block of a file (OpenSSL writes several, e.g. EC PARAMETERS before the key), with one-line errors.</summary>
public static class PemFile
{
    /// <summary>The blocks of the file at <paramref name="path"/>, in order; at least one.</summary>
    public static IReadOnlyList<PemBlock> ReadAll(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeyFileException($"{path}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new KeyFileException(Directory.Exists(path) ? $"{path}: a folder, not a file (expected a key)" : $"{path}: permission denied");
        }
        catch (IOException e)
        {
            throw new KeyFileException($"{path}: {e.Message}");
        }

        var blocks = Parse(text, path);
        return blocks.Count > 0 ? blocks : throw new KeyFileException($"{path}: not a PEM file (no -----BEGIN ...----- block)");
    }

    /// <summary>The blocks in <paramref name="text"/>; <paramref name="path"/> names the file in errors.</summary>
    public static List<PemBlock> Parse(string text, string path)
    {
        var blocks = new List<PemBlock>();
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("-----BEGIN ", StringComparison.Ordinal) || !line.EndsWith("-----", StringComparison.Ordinal))
            {
                continue;
            }

            var label = line[11..^5];
            var end = $"-----END {label}-----";
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var base64 = new StringBuilder();
            var closed = false;
            for (i++; i < lines.Length; i++)
            {
                var body = lines[i].Trim();
                if (body == end)
                {
                    closed = true;
                    break;
                }

                var colon = body.IndexOf(':');
                if (base64.Length == 0 && colon > 0)
                {
                    headers[body[..colon].Trim()] = body[(colon + 1)..].Trim();
                }
                else
                {
                    base64.Append(body);
                }
            }

            if (!closed)
            {
                throw new KeyFileException($"{path}: the PEM block \"{label}\" has no {end} line");
            }

            byte[] der;
            try
            {
                der = Convert.FromBase64String(base64.ToString());
            }
            catch (FormatException)
            {
                throw new KeyFileException($"{path}: the base64 of the PEM block \"{label}\" is damaged");
            }

            blocks.Add(new PemBlock(label, headers, der));
        }

        return blocks;
    }
}
