using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota verify: the device's own check of an image, on the host.</summary>
public sealed class VerifyCommand : Command
{
    public override string Name => "verify";

    public override string Summary => "check an image exactly as the device does: format, hash, signature by a given key";

    public override string Usage => "APP.img --key KEY.pem|PUB.pem [--key ...] [--product ID]";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("key", "KEY.pem", "a trusted public (or private) key", Repeatable: true),
        CommandHelpers.PassphraseFile,
        new("product", "ID", "also require this product id"),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var path = args.Single("an image file");
        var keyFiles = args.All("key");
        if (keyFiles.Count == 0)
        {
            throw new CliException("give the trusted key(s): --key KEY.pem", ExitCodes.Usage);
        }

        var keys = new KeyRing();
        foreach (var keyFile in keyFiles)
        {
            keys.Add(PublicKeyFile.Load(keyFile, CommandHelpers.Passphrase(args)).SubjectPublicKeyInfo);
        }

        var bytes = CommandHelpers.ReadFile(path, "image");
        int runtime;
        try
        {
            runtime = ImageReader.Read(bytes).Manifest?.Runtime ?? BundleRuntime.None;
        }
        catch (ImageException)
        {
            runtime = BundleRuntime.None; // the validator below reports what is wrong
        }

        // The device's validator, fed as the device is fed: in chunks.
        var validator = new ImageValidator(keys, bytes.Length, runtime);
        for (var offset = 0; offset < bytes.Length; offset += 512)
        {
            if (validator.Feed(bytes, offset, Math.Min(512, bytes.Length - offset)) != ImageError.None)
            {
                break;
            }
        }

        var result = validator.Finish();
        if (!result.IsValid)
        {
            context.Error.WriteLine($"fota: {path}: NOT valid: {result.Message}");
            return ExitCodes.Failed;
        }

        var product = args.Get("product");
        if (product != null && result.ProductId != product)
        {
            context.Error.WriteLine($"fota: {path}: NOT for product \"{product}\" (it names {(result.ProductId == null ? "no product" : $"\"{result.ProductId}\"")})");
            return ExitCodes.Failed;
        }

        context.Out.WriteLine($"{path}: valid: version {result.Version}, signed by key {Convert.ToHexStringLower(result.KeyHash)[..16]}..." +
            (result.HasSecurityCounter ? $", security counter {result.SecurityCounter}" : string.Empty) +
            (result.ProductId != null ? $", product \"{result.ProductId}\"" : string.Empty));
        return ExitCodes.Ok;
    }
}
