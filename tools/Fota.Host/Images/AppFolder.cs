using System.Text;
using FotaDevice.Image;
using FotaDevice.Update.Slots;

namespace FotaDevice.Host.Images;

/// <summary>A folder could not be made into an app bundle; the message says why and what to do.</summary>
/// <param name="message">One line (or a short list) for people.</param>
/// <param name="usage">True when the command line must say more (--runtime, --entry).</param>
public sealed class AppFolderException(string message, bool usage = false) : Exception(message)
{
    /// <summary>True when the command line must say more.</summary>
    public bool Usage { get; } = usage;
}

/// <summary>What <see cref="AppFolder.Bundle"/> made.</summary>
/// <param name="Body">The app bundle: the image body.</param>
/// <param name="Runtime">The <see cref="BundleRuntime"/>.</param>
/// <param name="Entry">The entry point.</param>
/// <param name="Files">The assembly files, in load order.</param>
/// <param name="Warnings">What the maker should know (the image was made anyway).</param>
public sealed record AppBundle(byte[] Body, int Runtime, string Entry, IReadOnlyList<string> Files, IReadOnlyList<string> Warnings);

/// <summary>
/// Makes an app bundle from a folder of assemblies (<c>fota pack</c>): *.pe for nanoFramework, *.dll
/// for the virtual device, in the order of load-order.txt or by name with the entry assembly last.
/// Refuses what would make an app that cannot work: assemblies the device provides itself (its
/// firmware library, the runtime's libraries) or that are build tools, and an entry point the
/// assemblies do not define.
/// </summary>
public static class AppFolder
{
    /// <summary>The device's own libraries: a copy in the app would be a second, separate copy that never sees the device's state.</summary>
    public static readonly IReadOnlyList<string> DeviceLibraries = ["FotaDevice.Firmware", "FotaDevice.Bootloader.Shim"];

    /// <summary>Build tools that land in build output folders.</summary>
    public static readonly IReadOnlyList<string> BuildTools = ["NanoSubsetCheck"];

    /// <summary>
    /// Bundles the app in <paramref name="dir"/>. <paramref name="runtime"/> null: from the files;
    /// <paramref name="entry"/> null: the one Start or Main (.NET only). <paramref name="hostLibraries"/>
    /// is what a .NET device provides (null: only <see cref="DeviceLibraries"/> are refused).
    /// </summary>
    public static AppBundle Bundle(string dir, int? runtime, string? entry, IEnumerable<(string Name, AssemblyVersion Minimum)> requirements, ILibraryCatalog? hostLibraries)
    {
        if (!Directory.Exists(dir))
        {
            throw new AppFolderException($"{dir}: no such directory");
        }

        var pe = Directory.GetFiles(dir, "*.pe");
        var dll = Directory.GetFiles(dir, "*.dll");
        var chosen = runtime ?? (pe.Length, dll.Length) switch
        {
            ( > 0, 0) => BundleRuntime.NanoFramework,
            (0, > 0) => BundleRuntime.DotNet,
            (0, 0) => throw new AppFolderException($"{dir}: no assemblies (*.pe or *.dll)"),
            _ => throw new AppFolderException($"{dir} holds both .pe and .dll files: say --runtime nano or --runtime dotnet", usage: true),
        };
        var nano = chosen == BundleRuntime.NanoFramework;
        var files = nano ? pe : dll;
        if (files.Length == 0)
        {
            throw new AppFolderException($"{dir}: no {(nano ? "*.pe" : "*.dll")} files");
        }

        var warnings = new List<string>();
        var orderFile = Path.Combine(dir, "load-order.txt");
        var listed = File.Exists(orderFile) ? Listed(orderFile, dir, files) : null;
        var candidates = listed ?? files.Order(StringComparer.Ordinal).ToList();
        RefuseProvided(dir, candidates, chosen, hostLibraries);

        entry ??= nano
            ? throw new AppFolderException("give the entry point: --entry Namespace.Type.Method", usage: true)
            : OneEntry(candidates);
        var holder = CheckEntry(candidates, entry, nano, warnings);
        var ordered = listed ?? candidates.Where(f => f != holder).Concat(holder == null ? [] : [holder]).ToList();

        var builder = new AppBundleBuilder(chosen, entry);
        foreach (var (name, minimum) in requirements)
        {
            builder.Require(name, minimum);
        }

        foreach (var file in ordered)
        {
            builder.Add(Path.GetFileNameWithoutExtension(file), nano ? new AssemblyVersion(0, 0, 0, 0) : DotNetMetadata.VersionOf(file), File.ReadAllBytes(file));
        }

        try
        {
            return new AppBundle(builder.Build(), chosen, entry, ordered, warnings);
        }
        catch (ArgumentException e)
        {
            throw new AppFolderException(e.Message);
        }
    }

    private static List<string> Listed(string orderFile, string dir, string[] files) =>
        File.ReadAllLines(orderFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(name => files.FirstOrDefault(f => Path.GetFileName(f) == name || Path.GetFileNameWithoutExtension(f) == name)
                ?? throw new AppFolderException($"{orderFile}: '{name}' is not in {dir}"))
            .ToList();

    /// <summary>Refuses, naming every one, the assemblies the device provides or that are not the app's.</summary>
    private static void RefuseProvided(string dir, List<string> files, int runtime, ILibraryCatalog? hostLibraries)
    {
        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var why = runtime == BundleRuntime.DotNet && !DotNetMetadata.IsAssembly(file) ? "not a .NET assembly"
                : DeviceLibraries.Contains(name) ? "the device's own library: the device provides it, and an app with a copy never confirms itself"
                : BuildTools.Contains(name) ? "a build tool, not part of the app"
                : runtime == BundleRuntime.NanoFramework && IsNanoFrameworkLibrary(name) ? "a nanoFramework library the device's firmware provides (say --requires NAME=VERSION if the app needs a minimum version)"
                : runtime == BundleRuntime.DotNet && hostLibraries?.VersionOf(name) != null ? "a library the virtual device provides"
                : null;
            if (why != null)
            {
                problems.Add($"{Path.GetFileName(file)} is {why}");
            }
        }

        if (problems.Count > 0)
        {
            throw new AppFolderException(
                $"{dir} holds files that must not be in the app: {string.Join("; ", problems)}. " +
                "Give only the app's own assemblies: 'dotnet publish -o DIR' leaves the device's out ('dotnet build -o DIR' copies them in), or list the app's files in DIR/load-order.txt");
        }
    }

    private static bool IsNanoFrameworkLibrary(string name) =>
        name == "mscorlib" || name.StartsWith("nanoFramework.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Windows.", StringComparison.Ordinal);

    private static string OneEntry(List<string> files)
    {
        var found = DotNetMetadata.EntryPoints(files);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new AppFolderException("no public static parameterless Start or Main method found: give --entry Namespace.Type.Method", usage: true),
            _ => throw new AppFolderException($"several entry points ({string.Join(", ", found)}): give --entry", usage: true),
        };
    }

    /// <summary>The file defining the entry point (.NET), after checking that one does; null for nanoFramework.</summary>
    private static string? CheckEntry(List<string> files, string entry, bool nano, List<string> warnings)
    {
        var dot = entry.LastIndexOf('.');
        var typeDot = dot > 0 ? entry.LastIndexOf('.', dot - 1) : -1;
        if (dot <= 0 || dot == entry.Length - 1)
        {
            throw new AppFolderException($"--entry '{entry}' is not Namespace.Type.Method", usage: true);
        }

        if (nano)
        {
            // A .pe file keeps type and method names as UTF-8 strings; finding both is a good sign (not a proof).
            var type = Encoding.UTF8.GetBytes(entry[(typeDot + 1)..dot] + "\0");
            var method = Encoding.UTF8.GetBytes(entry[(dot + 1)..] + "\0");
            if (!files.Any(f => File.ReadAllBytes(f) is var bytes && bytes.AsSpan().IndexOf(type) >= 0 && bytes.AsSpan().IndexOf(method) >= 0))
            {
                warnings.Add($"no .pe file seems to define --entry {entry}: the device will not find it");
            }

            return null;
        }

        return files.FirstOrDefault(f => DotNetMetadata.DefinesEntry(f, entry))
            ?? throw new AppFolderException(
                $"--entry {entry}: none of the assemblies defines a public static parameterless method {entry[(dot + 1)..]} in a public type {entry[..dot]}" +
                (DotNetMetadata.EntryPoints(files) is { Count: > 0 } found ? $" (found: {string.Join(", ", found)})" : string.Empty),
                usage: true);
    }
}
