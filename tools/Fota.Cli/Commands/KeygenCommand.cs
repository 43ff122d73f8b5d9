using FotaDevice.Host.Keys;

namespace FotaDevice.Cli.Commands;

/// <summary>fota keygen: a new private signing key.</summary>
public sealed class KeygenCommand : Command
{
    public override string Name => "keygen";

    public override string Summary => "make a new private signing key (PKCS#8 PEM, as imgtool and OpenSSL write it)";

    public override string Usage => "-o KEY.pem [--type ecdsa-p256|ed25519] [--passphrase-file FILE] [--force]";

    public override string Details =>
        "Keep the key on an offline machine. Give the device its public half with 'fota getpub'.\n" +
        "ecdsa-p256 (default) is MCUboot's and IFU's default and what HSMs sign with; ed25519 verifies ~3x faster on the device.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("output", "KEY.pem", "where to write the key", 'o'),
        new("type", "TYPE", "ecdsa-p256 (default) or ed25519"),
        CommandHelpers.PassphraseFile,
        new("force", null, "replace an existing file"),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var path = args.Require("output", "where to write the key");
        if (args.Positional.Count > 0)
        {
            throw new CliException($"unexpected argument {args.Positional[0]}", ExitCodes.Usage);
        }

        var type = CommandHelpers.ParseKeyType(args.Get("type") ?? "ecdsa-p256");
        using var key = SigningKey.Generate(type);
        CommandHelpers.WriteNew(path, key.ExportPem(CommandHelpers.Passphrase(args)), args.Has("force"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var keyHash = Convert.ToHexStringLower(new PublicKeyFile(type, key.PublicKeyInfo).KeyHash);
        context.Out.WriteLine($"wrote {CommandHelpers.Name(type)} private key {path} (key hash {keyHash})");
        return ExitCodes.Ok;
    }
}
