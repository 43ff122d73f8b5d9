using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;

namespace FotaDevice.Cli.Commands;

/// <summary>fota attach: put a detached signature into the unsigned image it was made for.</summary>
public sealed class AttachCommand : FotaCommand
{
    private readonly Argument<string> _image = Required("UNSIGNED.img", "the unsigned image ('fota pack --unsigned')");
    private readonly Option<string?> _signature = Text("--signature", "APP.sig", "the signature file ('fota sign --digest')");
    private readonly Option<string?> _output = Text("--output", "APP.img", "the signed image to write", "-o");

    public override int Order => 150;

    public override string Name => "attach";

    public override string Summary => "attach a detached signature (from 'fota sign --digest') to its unsigned image";

    protected override void Define(Command command)
    {
        command.Arguments.Add(_image);
        command.Options.Add(_signature);
        command.Options.Add(_output);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var imagePath = parse.GetRequiredValue(_image);
        var signaturePath = RequireOption(parse, _signature, "the signature file");
        var output = RequireOption(parse, _output, "the signed image to write");
        CommandHelpers.CheckOutput(output);
        var unsigned = CommandHelpers.ReadFile(imagePath, "image");
        var signature = SignatureFile.Read(signaturePath);
        var digest = CommandHelpers.ReadImage(unsigned, imagePath).ComputedHash;
        if (!digest.AsSpan().SequenceEqual(signature.Digest))
        {
            throw new CliException($"{signaturePath} signs digest {Convert.ToHexStringLower(signature.Digest)[..16]}..., but {imagePath} has digest {Convert.ToHexStringLower(digest)[..16]}...: not the same image");
        }

        CommandHelpers.WriteOutput(output, CommandHelpers.Named(imagePath, () => ImageBuilder.Attach(unsigned, signature.KeyType, signature.PublicKeyInfo, signature.Signature)));
        context.Out.WriteLine($"wrote signed {output}");
        return Task.FromResult(ExitCodes.Ok);
    }
}
