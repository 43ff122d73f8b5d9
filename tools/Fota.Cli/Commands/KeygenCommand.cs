using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Keys;

namespace FotaDevice.Cli.Commands;

/// <summary>fota keygen: a new private signing key.</summary>
public sealed class KeygenCommand : FotaCommand
{
    private readonly Option<string?> _output = Text("--output", "KEY.pem", "where to write the key", "-o");
    private readonly Option<string?> _type = Text("--type", "TYPE", "ecdsa-p256 (default) or ed25519");
    private readonly Option<bool> _force = Flag("--force", "replace an existing file");

    public override int Order => 110;

    public override string Name => "keygen";

    public override string Summary => "make a new private signing key (PKCS#8 PEM, as imgtool and OpenSSL write it)";

    public override string Details =>
        "Keep the key on an offline machine. Give the device its public half with 'fota getpub'.\n" +
        "ecdsa-p256 (default) is MCUboot's and IFU's default and what HSMs sign with; ed25519 verifies ~3x faster on the device.";

    protected override void Define(Command command)
    {
        _type.CompletionSources.Add("ecdsa-p256", "ed25519");
        command.Options.Add(_output);
        command.Options.Add(_type);
        command.Options.Add(CommonOptions.PassphraseFile);
        command.Options.Add(_force);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var path = RequireOption(parse, _output, "where to write the key");
        var type = CommandHelpers.ParseKeyType(parse.GetValue(_type) ?? "ecdsa-p256");
        using var key = SigningKey.Generate(type);
        CommandHelpers.WriteNew(path, key.ExportPem(CommandHelpers.Passphrase(parse)), parse.GetValue(_force), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var keyHash = Convert.ToHexStringLower(new PublicKeyFile(type, key.PublicKeyInfo).KeyHash);
        context.Out.WriteLine($"wrote {CommandHelpers.Name(type)} private key {path} (key hash {keyHash})");
        return Task.FromResult(ExitCodes.Ok);
    }
}
