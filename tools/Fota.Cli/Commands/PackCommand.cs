using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FotaDevice.Host.Images;
using FotaDevice.Host.Keys;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota pack: bundle an app's assemblies into an MCUboot image and sign it (or leave it for offline signing).</summary>
public sealed class PackCommand : Command
{
    public override string Name => "pack";

    public override string Summary => "bundle the app's assemblies in DIR into a signed MCUboot image";

    public override string Usage =>
        "DIR -o APP.img --version 1.2.3[+BUILD] (--key KEY.pem | --unsigned) [--security-counter N|auto] [--product ID]\n" +
        "           [--entry Namespace.Type.Method] [--runtime nano|dotnet] [--requires NAME=1.2.3.4]... [--header-size N]";

    public override string Details =>
        "DIR holds the app's assemblies: *.pe for a nanoFramework device, *.dll for the virtual device.\n" +
        "They load in the order of DIR/load-order.txt (one file name a line) if present, else by name with\n" +
        "the entry assembly last. --entry defaults, for .dll files, to the one public static parameterless\n" +
        "method named Start or Main. --unsigned writes the image and APP.img.digest for 'fota sign' on an\n" +
        "offline machine. Everything here (version, counter, product, entry, requirements) is signed.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("output", "APP.img", "the image to write", 'o'),
        new("version", "VERSION", "image version, major.minor.revision[+build]"),
        new("key", "KEY.pem", "private key to sign with"),
        CommandHelpers.PassphraseFile,
        new("unsigned", null, "do not sign: write the image and its digest for detached signing"),
        new("security-counter", "N", "anti-rollback counter (a number, or 'auto' from the version)"),
        new("product", "ID", "product/board id the device must have"),
        new("entry", "ENTRY", "entry point, Namespace.Type.Method"),
        new("runtime", "RUNTIME", "nano (.pe files) or dotnet (.dll files, the virtual device)"),
        new("requires", "NAME=VERSION", "a library version the device must have", Repeatable: true),
        new("header-size", "N", "header size in bytes, padded (default 32)"),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var dir = args.Single("the directory holding the app's assemblies");
        var output = args.Require("output", "the image to write");
        var version = ParseVersion(args.Require("version", "the image version, e.g. 1.2.3"));
        var unsigned = args.Has("unsigned");
        if (unsigned == args.Has("key"))
        {
            throw new CliException("give --key KEY.pem to sign, or --unsigned for detached signing", ExitCodes.Usage);
        }

        var options = new ImageOptions
        {
            Version = version,
            SecurityCounter = SecurityCounter(args.Get("security-counter"), version),
            ProductId = args.Get("product"),
            HeaderSize = args.GetInt("header-size") ?? ImageFormat.HeaderSize,
        };
        var body = Bundle(dir, args);

        if (unsigned)
        {
            var image = ImageBuilder.Build(body, options);
            File.WriteAllBytes(output, image.Bytes);
            File.WriteAllText(output + ".digest", Convert.ToHexStringLower(image.Digest) + "\n");
            context.Out.WriteLine($"wrote unsigned {output} ({image.Bytes.Length} bytes) and {output}.digest");
            context.Out.WriteLine($"sign it offline:  fota sign --digest {output}.digest --key KEY.pem -o {Path.GetFileNameWithoutExtension(output)}.sig");
            context.Out.WriteLine($"then:             fota attach {output} --signature {Path.GetFileNameWithoutExtension(output)}.sig -o SIGNED.img");
            return ExitCodes.Ok;
        }

        using var key = SigningKey.Load(args.Get("key")!, CommandHelpers.Passphrase(args));
        var signed = ImageBuilder.BuildSigned(body, options, key);
        File.WriteAllBytes(output, signed);
        context.Out.WriteLine($"wrote {output}: version {version}, {signed.Length} bytes, signed with {CommandHelpers.Name(key.KeyType)} key {Convert.ToHexStringLower(new PublicKeyFile(key.KeyType, key.PublicKeyInfo).KeyHash)[..16]}...");
        return ExitCodes.Ok;
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

        return uint.TryParse(text, out var value) ? value : throw new CliException($"--security-counter: not a number or 'auto': {text}", ExitCodes.Usage);
    }

    private static byte[] Bundle(string dir, Arguments args)
    {
        if (!Directory.Exists(dir))
        {
            throw new CliException($"{dir}: no such directory");
        }

        var pe = Directory.GetFiles(dir, "*.pe");
        var dll = Directory.GetFiles(dir, "*.dll");
        var runtime = args.Get("runtime") switch
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

        var entry = args.Get("entry") ?? FindEntry(files, runtime);
        var builder = new AppBundleBuilder(runtime, entry);
        foreach (var requirement in args.All("requires"))
        {
            var parts = requirement.Split('=', 2);
            if (parts.Length != 2 || !Version.TryParse(parts[1], out var v))
            {
                throw new CliException($"--requires '{requirement}': expected NAME=1.2.3.4", ExitCodes.Usage);
            }

            builder.Require(parts[0], ToAssemblyVersion(v));
        }

        foreach (var file in Order(dir, files, entry))
        {
            builder.Add(Path.GetFileNameWithoutExtension(file), AssemblyVersionOf(file), File.ReadAllBytes(file));
        }

        return builder.Build();
    }

    private static IEnumerable<string> Order(string dir, string[] files, string entry)
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
