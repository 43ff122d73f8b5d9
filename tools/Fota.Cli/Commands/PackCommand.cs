using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota pack: bundle an app's assemblies into an MCUboot image and sign it (or leave it for offline signing).</summary>
public sealed class PackCommand : FotaCommand
{
    private readonly Argument<string> _dir = Required("DIR", "the folder holding the app's assemblies");
    private readonly Option<string?> _output = Text("--output", "APP.img", "the image to write", "-o");
    private readonly Option<string?> _version = Text("--version", "VERSION", "image version, major.minor.revision[+build]");
    private readonly Option<string?> _key = Text("--key", "KEY.pem", "private key to sign with");
    private readonly Option<bool> _unsigned = Flag("--unsigned", "do not sign: write the image and its digest for detached signing");
    private readonly Option<string?> _counter = Text("--security-counter", "N|auto", "anti-rollback counter: a number (0x.. too), or 'auto' from the version");
    private readonly Option<string?> _product = Text("--product", "ID", "product/board id the device must have");
    private readonly Option<string?> _entry = Text("--entry", "ENTRY", "entry point, Namespace.Type.Method");
    private readonly Option<string?> _runtime = Text("--runtime", "RUNTIME", "nano (.pe files) or dotnet (.dll files, the virtual device)");
    private readonly Option<string[]> _requires = Repeatable("--requires", "NAME=VERSION", "a library version the device must have");
    private readonly Option<int?> _headerSize = Numbers.Option("--header-size", "header size in bytes, padded (default 32; 0x200 for MCUboot's usual)", "BYTES", ImageFormat.HeaderSize);

    public override int Order => 130;

    public override string Name => "pack";

    public override string Summary => "bundle the app's assemblies in DIR into a signed MCUboot image";

    public override string Details =>
        "DIR holds the app's assemblies: *.pe for a nanoFramework device, *.dll for the virtual device.\n" +
        "They load in the order of DIR/load-order.txt (one file name a line) if present, else by name with\n" +
        "the entry assembly last. --entry defaults, for .dll files, to the one public static parameterless\n" +
        "method named Start or Main. --unsigned writes the image and APP.img.digest for 'fota sign' on an\n" +
        "offline machine. Everything here (version, counter, product, entry, requirements) is signed.";

    protected override void Define(Command command)
    {
        _runtime.CompletionSources.Add("nano", "dotnet");
        _counter.CompletionSources.Add("auto");
        command.Arguments.Add(_dir);
        command.Options.Add(_output);
        command.Options.Add(_version);
        command.Options.Add(_key);
        command.Options.Add(CommonOptions.PassphraseFile);
        command.Options.Add(_unsigned);
        command.Options.Add(_counter);
        command.Options.Add(_product);
        command.Options.Add(_entry);
        command.Options.Add(_runtime);
        command.Options.Add(_requires);
        command.Options.Add(_headerSize);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var dir = parse.GetRequiredValue(_dir);
        var output = RequireOption(parse, _output, "the image to write");
        var version = ParseVersion(RequireOption(parse, _version, "the image version, e.g. 1.2.3"));
        var unsigned = parse.GetValue(_unsigned);
        if (unsigned && parse.GetValue(_key) != null)
        {
            throw new CliException("--key and --unsigned conflict: --key signs here, --unsigned writes a digest to sign elsewhere; give one", ExitCodes.Usage);
        }

        if (!unsigned && parse.GetValue(_key) == null)
        {
            throw new CliException("give --key KEY.pem to sign, or --unsigned for detached signing", ExitCodes.Usage);
        }

        CommandHelpers.CheckOutput(output);
        if (unsigned)
        {
            CommandHelpers.CheckOutput(output + ".digest");
        }

        var options = new ImageOptions
        {
            Version = version,
            SecurityCounter = SecurityCounter(parse.GetValue(_counter), version),
            ProductId = parse.GetValue(_product),
            HeaderSize = parse.GetValue(_headerSize) ?? ImageFormat.HeaderSize,
        };
        var bundle = Bundle(dir, parse, context);
        var body = bundle.Body;
        Warn(options, context);

        if (unsigned)
        {
            var image = ImageBuilder.Build(body, options);
            CommandHelpers.WriteOutput(output, image.Bytes);
            CommandHelpers.WriteOutput(output + ".digest", Convert.ToHexStringLower(image.Digest) + "\n");
            context.Out.WriteLine($"wrote unsigned {output}: {Describe(options, bundle)}, {image.Bytes.Length} bytes; and {output}.digest");
            context.Out.WriteLine($"sign it offline:  fota sign --digest {output}.digest --key KEY.pem -o {Path.GetFileNameWithoutExtension(output)}.sig");
            context.Out.WriteLine($"then:             fota attach {output} --signature {Path.GetFileNameWithoutExtension(output)}.sig -o SIGNED.img");
            return Task.FromResult(ExitCodes.Ok);
        }

        using var key = SigningKey.Load(parse.GetValue(_key)!, CommandHelpers.Passphrase(parse));
        var signed = ImageBuilder.BuildSigned(body, options, key);
        CommandHelpers.WriteOutput(output, signed);
        context.Out.WriteLine($"wrote {output}: {Describe(options, bundle)}, {signed.Length} bytes, signed with {CommandHelpers.Name(key.KeyType)} key {Convert.ToHexStringLower(new PublicKeyFile(key.KeyType, key.PublicKeyInfo).KeyHash)[..16]}...");
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>What the image says, as people read it: "version 1.2.0, security counter 16908288 (auto for 1.2.0), product my-board, ...".</summary>
    private static string Describe(ImageOptions options, AppBundle bundle) =>
        $"version {options.Version}, security counter {(options.SecurityCounter is { } c ? Counters.Describe(c) : "none")}, " +
        $"product {(options.ProductId is { } p ? $"\"{p}\"" : "none")}, {(bundle.Runtime == BundleRuntime.NanoFramework ? "nanoFramework" : ".NET")} app, entry {bundle.Entry} ({bundle.Files.Count} {(bundle.Files.Count == 1 ? "assembly" : "assemblies")})";

    /// <summary>Says what a missing product or counter means for the devices that get the image.</summary>
    private static void Warn(ImageOptions options, CliContext context)
    {
        if (options.ProductId == null)
        {
            context.Warn("no --product: a device with a product id refuses an image that names none; give --product ID (the virtual device is 'virtual-device')");
        }

        if (options.SecurityCounter == null)
        {
            context.Warn("no --security-counter: once a device has confirmed an image with a counter (e.g. --security-counter auto), it refuses this one for good; give --security-counter auto");
        }
    }

    private static ImageVersion ParseVersion(string text)
    {
        try
        {
            return ImageOptions.ParseVersion(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new CliException($"--version: '{text}' is not major.minor.revision[+build] ({e.Message})", ExitCodes.Usage);
        }
    }

    private static uint? SecurityCounter(string? text, ImageVersion version)
    {
        if (text == null)
        {
            return null;
        }

        if (text == "auto")
        {
            return ImageOptions.AutoSecurityCounter(version);
        }

        return Numbers.TryParse<uint>(text) ?? throw new CliException($"--security-counter: not a number or 'auto': {text}", ExitCodes.Usage);
    }

    private AppBundle Bundle(string dir, ParseResult parse, CliContext context)
    {
        var runtime = parse.GetValue(_runtime) switch
        {
            null => (int?)null,
            "nano" => BundleRuntime.NanoFramework,
            "dotnet" => BundleRuntime.DotNet,
            var other => throw new CliException($"unknown runtime '{other}' (nano or dotnet)", ExitCodes.Usage),
        };
        var requirements = (parse.GetValue(_requires) ?? []).Select(r => CommandHelpers.ParseNameVersion("--requires", r)).ToList();
        try
        {
            var bundle = AppFolder.Bundle(dir, runtime, parse.GetValue(_entry), requirements, new HostLibraryCatalog());
            foreach (var warning in bundle.Warnings)
            {
                context.Warn(warning);
            }

            return bundle;
        }
        catch (AppFolderException e)
        {
            throw new CliException(e.Message, e.Usage ? ExitCodes.Usage : ExitCodes.Failed);
        }
    }
}
