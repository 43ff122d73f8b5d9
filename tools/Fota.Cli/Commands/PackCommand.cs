using System.CommandLine;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;
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
        if (unsigned == (parse.GetValue(_key) != null))
        {
            throw new CliException("give --key KEY.pem to sign, or --unsigned for detached signing", ExitCodes.Usage);
        }

        var options = new ImageOptions
        {
            Version = version,
            SecurityCounter = SecurityCounter(parse.GetValue(_counter), version),
            ProductId = parse.GetValue(_product),
            HeaderSize = parse.GetValue(_headerSize) ?? ImageFormat.HeaderSize,
        };
        var body = Bundle(dir, parse);

        if (unsigned)
        {
            var image = ImageBuilder.Build(body, options);
            File.WriteAllBytes(output, image.Bytes);
            File.WriteAllText(output + ".digest", Convert.ToHexStringLower(image.Digest) + "\n");
            context.Out.WriteLine($"wrote unsigned {output} ({image.Bytes.Length} bytes) and {output}.digest");
            context.Out.WriteLine($"sign it offline:  fota sign --digest {output}.digest --key KEY.pem -o {Path.GetFileNameWithoutExtension(output)}.sig");
            context.Out.WriteLine($"then:             fota attach {output} --signature {Path.GetFileNameWithoutExtension(output)}.sig -o SIGNED.img");
            return Task.FromResult(ExitCodes.Ok);
        }

        using var key = SigningKey.Load(parse.GetValue(_key)!, CommandHelpers.Passphrase(parse));
        var signed = ImageBuilder.BuildSigned(body, options, key);
        File.WriteAllBytes(output, signed);
        context.Out.WriteLine($"wrote {output}: version {version}, {signed.Length} bytes, signed with {CommandHelpers.Name(key.KeyType)} key {Convert.ToHexStringLower(new PublicKeyFile(key.KeyType, key.PublicKeyInfo).KeyHash)[..16]}...");
        return Task.FromResult(ExitCodes.Ok);
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

    private byte[] Bundle(string dir, ParseResult parse)
    {
        if (!Directory.Exists(dir))
        {
            throw new CliException($"{dir}: no such directory");
        }

        var pe = Directory.GetFiles(dir, "*.pe");
        var dll = Directory.GetFiles(dir, "*.dll");
        var runtime = parse.GetValue(_runtime) switch
        {
            "nano" => BundleRuntime.NanoFramework,
            "dotnet" => BundleRuntime.DotNet,
            null when pe.Length > 0 && dll.Length == 0 => BundleRuntime.NanoFramework,
            null when dll.Length > 0 && pe.Length == 0 => BundleRuntime.DotNet,
            null when pe.Length == 0 && dll.Length == 0 => throw new CliException($"{dir}: no assemblies (*.pe or *.dll)"),
            null => throw new CliException($"{dir} holds both .pe and .dll files: say --runtime nano or --runtime dotnet", ExitCodes.Usage),
            var other => throw new CliException($"unknown runtime '{other}' (nano or dotnet)", ExitCodes.Usage),
        };
        var files = runtime == BundleRuntime.NanoFramework ? pe : dll;
        if (files.Length == 0)
        {
            throw new CliException($"{dir}: no {(runtime == BundleRuntime.NanoFramework ? "*.pe" : "*.dll")} files");
        }

        var entry = parse.GetValue(_entry) ?? FindEntry(files, runtime);
        var builder = new AppBundleBuilder(runtime, entry);
        foreach (var requirement in parse.GetValue(_requires) ?? [])
        {
            var (name, minimum) = CommandHelpers.ParseNameVersion("--requires", requirement);
            builder.Require(name, minimum);
        }

        foreach (var file in LoadOrder(dir, files, entry))
        {
            builder.Add(Path.GetFileNameWithoutExtension(file), AssemblyVersionOf(file), File.ReadAllBytes(file));
        }

        return builder.Build();
    }

    private static IEnumerable<string> LoadOrder(string dir, string[] files, string entry)
    {
        var orderFile = Path.Combine(dir, "load-order.txt");
        if (File.Exists(orderFile))
        {
            var names = File.ReadAllLines(orderFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            foreach (var name in names)
            {
                var match = files.FirstOrDefault(f => Path.GetFileName(f) == name || Path.GetFileNameWithoutExtension(f) == name)
                    ?? throw new CliException($"{orderFile}: '{name}' is not in {dir}");
                yield return match;
            }

            yield break;
        }

        // Alphabetical, the assembly holding the entry point last.
        var entryType = entry[..Math.Max(0, entry.LastIndexOf('.'))];
        var sorted = files.Order(StringComparer.Ordinal).ToList();
        var holder = sorted.FirstOrDefault(f => f.EndsWith(".dll", StringComparison.Ordinal) && DefinesType(f, entryType));
        foreach (var file in sorted.Where(f => f != holder))
        {
            yield return file;
        }

        if (holder != null)
        {
            yield return holder;
        }
    }

    private static string FindEntry(string[] files, int runtime)
    {
        if (runtime != BundleRuntime.DotNet)
        {
            throw new CliException("give the entry point: --entry Namespace.Type.Method", ExitCodes.Usage);
        }

        var found = new List<string>();
        foreach (var file in files)
        {
            using var pe = new PEReader(File.OpenRead(file));
            if (!pe.HasMetadata)
            {
                continue;
            }

            var reader = pe.GetMetadataReader();
            foreach (var typeHandle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(typeHandle);
                if ((type.Attributes & System.Reflection.TypeAttributes.VisibilityMask) != System.Reflection.TypeAttributes.Public)
                {
                    continue;
                }

                foreach (var methodHandle in type.GetMethods())
                {
                    var method = reader.GetMethodDefinition(methodHandle);
                    var name = reader.GetString(method.Name);
                    var attributes = method.Attributes;
                    if (name is "Start" or "Main"
                        && (attributes & System.Reflection.MethodAttributes.Static) != 0
                        && (attributes & System.Reflection.MethodAttributes.MemberAccessMask) == System.Reflection.MethodAttributes.Public
                        && method.GetParameters().Count == 0)
                    {
                        var ns = reader.GetString(type.Namespace);
                        found.Add((ns.Length > 0 ? ns + "." : string.Empty) + reader.GetString(type.Name) + "." + name);
                    }
                }
            }
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new CliException("no public static parameterless Start or Main method found: give --entry Namespace.Type.Method", ExitCodes.Usage),
            _ => throw new CliException($"several entry points ({string.Join(", ", found)}): give --entry", ExitCodes.Usage),
        };
    }

    private static bool DefinesType(string file, string fullName)
    {
        using var pe = new PEReader(File.OpenRead(file));
        if (!pe.HasMetadata)
        {
            return false;
        }

        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Any(h =>
        {
            var type = reader.GetTypeDefinition(h);
            var ns = reader.GetString(type.Namespace);
            return (ns.Length > 0 ? ns + "." : string.Empty) + reader.GetString(type.Name) == fullName;
        });
    }

    private static AssemblyVersion AssemblyVersionOf(string file)
    {
        if (!file.EndsWith(".dll", StringComparison.Ordinal))
        {
            return new AssemblyVersion(0, 0, 0, 0);
        }

        using var pe = new PEReader(File.OpenRead(file));
        return pe.HasMetadata ? ToAssemblyVersion(pe.GetMetadataReader().GetAssemblyDefinition().Version) : new AssemblyVersion(0, 0, 0, 0);
    }

    private static AssemblyVersion ToAssemblyVersion(Version v) =>
        new(v.Major, Math.Max(0, v.Minor), Math.Max(0, v.Build), Math.Max(0, v.Revision));
}
