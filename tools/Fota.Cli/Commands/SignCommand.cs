using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;

namespace FotaDevice.Cli.Commands;

/// <summary>fota sign: sign an image digest (detached, on the offline machine) or an unsigned image.</summary>
public sealed class SignCommand : FotaCommand
{
    private readonly Argument<string?> _image = new("UNSIGNED.img") { Description = "an unsigned image to sign in one step (instead of --digest)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _digest = Text("--digest", "FILE", "the digest file written by 'fota pack --unsigned'");
    private readonly Option<string?> _key = Text("--key", "KEY.pem", "private key to sign with");
    private readonly Option<string?> _output = Text("--output", "FILE", "the signature file (with --digest) or the signed image", "-o");

    public override int Order => 140;

    public override string Name => "sign";

    public override string Summary => "sign an image digest on the offline machine (detached), or an unsigned image";

    public override string Details =>
        "Detached signing keeps the private key on a machine that never sees the image: 'fota pack --unsigned'\n" +
        "writes APP.img and APP.img.digest; carry the digest over, 'fota sign --digest' it there, carry APP.sig\n" +
        "back, and 'fota attach' it. The result is the image 'fota pack --key' would have made.";

    protected override void Define(Command command)
    {
        command.Arguments.Add(_image);
        command.Options.Add(_digest);
        command.Options.Add(_key);
        command.Options.Add(CommonOptions.PassphraseFile);
        command.Options.Add(_output);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var output = RequireOption(parse, _output, "where to write the result");
        var keyPath = RequireOption(parse, _key, "the private key");
        var digestPath = parse.GetValue(_digest);
        var imagePath = parse.GetValue(_image);
        if ((digestPath == null) == (imagePath == null))
        {
            throw new CliException("give either --digest FILE or an unsigned image", ExitCodes.Usage);
        }

        CommandHelpers.CheckOutput(output);
        using var key = SigningKey.Load(keyPath, CommandHelpers.Passphrase(parse));
        if (digestPath != null)
        {
            var text = CommandHelpers.ReadText(digestPath, "a digest from 'fota pack --unsigned'").Trim();
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
            CommandHelpers.WriteOutput(output, signature.Write());
            context.Out.WriteLine($"wrote {output}: {CommandHelpers.Name(key.KeyType)} signature of digest {Convert.ToHexStringLower(digest)[..16]}...");
            return Task.FromResult(ExitCodes.Ok);
        }

        var unsigned = CommandHelpers.ReadFile(imagePath!, "image");
        var digestOfImage = CommandHelpers.ReadImage(unsigned, imagePath!).ComputedHash;
        CommandHelpers.WriteOutput(output, CommandHelpers.Named(imagePath!, () => ImageBuilder.Attach(unsigned, key.KeyType, key.PublicKeyInfo, key.SignDigest(digestOfImage))));
        context.Out.WriteLine($"wrote signed {output}");
        return Task.FromResult(ExitCodes.Ok);
    }
}
