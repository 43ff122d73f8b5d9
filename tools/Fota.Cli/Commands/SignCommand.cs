using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;

namespace FotaDevice.Cli.Commands;

/// <summary>fota sign: sign an image digest (detached, on the offline machine) or an unsigned image.</summary>
public sealed class SignCommand : Command
{
    public override string Name => "sign";

    public override string Summary => "sign an image digest on the offline machine (detached), or an unsigned image";

    public override string Usage => "--digest APP.img.digest --key KEY.pem -o APP.sig    |    UNSIGNED.img --key KEY.pem -o APP.img";

    public override string Details =>
        "Detached signing keeps the private key on a machine that never sees the image: 'fota pack --unsigned'\n" +
        "writes APP.img and APP.img.digest; carry the digest over, 'fota sign --digest' it there, carry APP.sig\n" +
        "back, and 'fota attach' it. The result is the image 'fota pack --key' would have made.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("digest", "FILE", "the digest file written by 'fota pack --unsigned'"),
        new("key", "KEY.pem", "private key to sign with"),
        CommandHelpers.PassphraseFile,
        new("output", "FILE", "the signature file (with --digest) or the signed image", 'o'),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var output = args.Require("output", "where to write the result");
        var keyPath = args.Require("key", "the private key");
        var digestPath = args.Get("digest");
        if ((digestPath == null) == (args.Positional.Count == 0))
        {
            throw new CliException("give either --digest FILE or an unsigned image", ExitCodes.Usage);
        }

        using var key = SigningKey.Load(keyPath, CommandHelpers.Passphrase(args));
        if (digestPath != null)
        {
            var text = File.Exists(digestPath) ? File.ReadAllText(digestPath).Trim() : throw new CliException($"{digestPath}: no such file");
            byte[] digest;
            try
            {
                digest = Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                throw new CliException($"{digestPath}: not a hex digest");
            }

            if (digest.Length != 32)
            {
                throw new CliException($"{digestPath}: a digest is 32 bytes (64 hex digits), this one is {digest.Length}");
            }

            var signature = new SignatureFile(key.KeyType, key.PublicKeyInfo, digest, key.SignDigest(digest));
            File.WriteAllText(output, signature.Write());
            context.Out.WriteLine($"wrote {output}: {CommandHelpers.Name(key.KeyType)} signature of digest {Convert.ToHexStringLower(digest)[..16]}...");
            return ExitCodes.Ok;
        }

        var unsigned = CommandHelpers.ReadFile(args.Single("an unsigned image"), "image");
        var digestOfImage = ImageReader.Read(unsigned).ComputedHash;
        File.WriteAllBytes(output, ImageBuilder.Attach(unsigned, key.KeyType, key.PublicKeyInfo, key.SignDigest(digestOfImage)));
        context.Out.WriteLine($"wrote signed {output}");
        return ExitCodes.Ok;
    }
}
