using FotaDevice.Host.Images;

namespace FotaDevice.Cli.Commands;

/// <summary>fota attach: put a detached signature into the unsigned image it was made for.</summary>
public sealed class AttachCommand : Command
{
    public override string Name => "attach";

    public override string Summary => "attach a detached signature (from 'fota sign --digest') to its unsigned image";

    public override string Usage => "UNSIGNED.img --signature APP.sig -o APP.img";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("signature", "APP.sig", "the signature file"),
        new("output", "APP.img", "the signed image to write", 'o'),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var imagePath = args.Single("the unsigned image");
        var signaturePath = args.Require("signature", "the signature file");
        var output = args.Require("output", "the signed image to write");
        var unsigned = CommandHelpers.ReadFile(imagePath, "image");
        var signature = SignatureFile.Read(signaturePath);
        var digest = ImageReader.Read(unsigned).ComputedHash;
        if (!digest.AsSpan().SequenceEqual(signature.Digest))
        {
            throw new CliException($"{signaturePath} signs digest {Convert.ToHexStringLower(signature.Digest)[..16]}..., but {imagePath} has digest {Convert.ToHexStringLower(digest)[..16]}...: not the same image");
        }

        File.WriteAllBytes(output, ImageBuilder.Attach(unsigned, signature.KeyType, signature.PublicKeyInfo, signature.Signature));
        context.Out.WriteLine($"wrote signed {output}");
        return ExitCodes.Ok;
    }
}
