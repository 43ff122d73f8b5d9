using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Signing;

namespace FotaDevice.Cli.Commands;

/// <summary>
/// The detached signature 'fota sign --digest' writes and 'fota attach' reads (docs/detached-signing.md):
/// <code>
/// fota-signature 1
/// key-type: ecdsa-p256
/// public-key: BASE64 (DER SubjectPublicKeyInfo)
/// digest: HEX (the image digest that was signed)
/// signature: BASE64 (as the image's signature TLV holds it)
/// </code>
/// </summary>
internal sealed record SignatureFile(KeyType KeyType, byte[] PublicKeyInfo, byte[] Digest, byte[] Signature)
{
    private const string Magic = "fota-signature 1";

    public string Write() =>
        $"{Magic}\nkey-type: {CommandHelpers.Name(KeyType)}\npublic-key: {Convert.ToBase64String(PublicKeyInfo)}\n" +
        $"digest: {Convert.ToHexStringLower(Digest)}\nsignature: {Convert.ToBase64String(Signature)}\n";

    public static SignatureFile Read(string path)
    {
        var lines = CommandHelpers.ReadText(path, "a signature file from 'fota sign --digest'").ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Magic)
        {
            throw new CliException($"{path}: not a fota signature file (it should start with '{Magic}')");
        }

        var fields = lines.Skip(1).Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim());
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : throw new CliException($"{path}: no '{name}:' line");
        try
        {
            return new SignatureFile(
                CommandHelpers.ParseKeyType(Field("key-type")),
                Convert.FromBase64String(Field("public-key")),
                Convert.FromHexString(Field("digest")),
                Convert.FromBase64String(Field("signature")));
        }
        catch (FormatException e)
        {
            throw new CliException($"{path}: damaged ({e.Message})");
        }
    }
}
