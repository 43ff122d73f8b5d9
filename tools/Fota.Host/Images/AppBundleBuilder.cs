using System.Text;
using FotaDevice.Image;

namespace FotaDevice.Host.Images;

/// <summary>
/// Builds an app bundle, the body of an image (docs/image-format.md §2): the manifest (runtime,
/// entry point, requirements, assembly table) followed by the assemblies.
/// </summary>
public sealed class AppBundleBuilder
{
    private readonly List<(string Name, AssemblyVersion Version)> _requirements = new();
    private readonly List<(string Name, AssemblyVersion Version, byte[] Bytes)> _assemblies = new();

    /// <summary>Creates a builder for <paramref name="runtime"/> (<see cref="BundleRuntime"/>) and an entry point "Namespace.Type.Method".</summary>
    public AppBundleBuilder(int runtime, string entryPoint)
    {
        if (runtime != BundleRuntime.NanoFramework && runtime != BundleRuntime.DotNet)
        {
            throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "BundleRuntime.NanoFramework or BundleRuntime.DotNet");
        }

        Runtime = runtime;
        EntryPoint = entryPoint ?? throw new ArgumentNullException(nameof(entryPoint));
    }

    /// <summary>The runtime.</summary>
    public int Runtime { get; }

    /// <summary>The entry point.</summary>
    public string EntryPoint { get; }

    /// <summary>Adds a library the device must already have, at least at <paramref name="minimumVersion"/>.</summary>
    public AppBundleBuilder Require(string name, AssemblyVersion minimumVersion)
    {
        _requirements.Add((name ?? throw new ArgumentNullException(nameof(name)), minimumVersion ?? throw new ArgumentNullException(nameof(minimumVersion))));
        return this;
    }

    /// <summary>Adds an assembly (in load order).</summary>
    public AppBundleBuilder Add(string name, AssemblyVersion version, byte[] bytes)
    {
        _assemblies.Add((name ?? throw new ArgumentNullException(nameof(name)), version ?? throw new ArgumentNullException(nameof(version)), bytes ?? throw new ArgumentNullException(nameof(bytes))));
        return this;
    }

    /// <summary>
    /// The body bytes. Throws <see cref="ArgumentException"/> if the bundle breaks a rule of the
    /// format (counts, name lengths, duplicate names, manifest over 1024 bytes, ...).
    /// </summary>
    public byte[] Build()
    {
        var manifest = new List<byte>();
        void U16(int v) { manifest.Add((byte)v); manifest.Add((byte)(v >> 8)); }
        void Name(string what, string name)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            if (bytes.Length is < 1 or > 255)
            {
                throw new ArgumentException($"{what} '{name}' must be 1..255 bytes of UTF-8");
            }

            manifest.Add((byte)bytes.Length);
            manifest.AddRange(bytes);
        }
        void Version(AssemblyVersion v) { U16(v.Major); U16(v.Minor); U16(v.Build); U16(v.Revision); }

        if (_assemblies.Count is < 1 or > AppBundleManifest.MaxAssemblies)
        {
            throw new ArgumentException($"a bundle has 1..{AppBundleManifest.MaxAssemblies} assemblies, not {_assemblies.Count}");
        }

        if (_requirements.Count > AppBundleManifest.MaxRequirements)
        {
            throw new ArgumentException($"a bundle has at most {AppBundleManifest.MaxRequirements} requirements");
        }

        U16(0x5446); // magic "FTAB", little-endian 0x42415446
        U16(0x4241);
        U16(AppBundleManifest.Format);
        U16(0); // manifest_size, set below
        manifest.Add((byte)Runtime);
        manifest.Add((byte)_assemblies.Count);
        manifest.Add((byte)_requirements.Count);
        Name("entry point", EntryPoint);
        foreach (var (name, version) in _requirements)
        {
            Name("requirement", name);
            Version(version);
        }

        long total = 0;
        foreach (var (name, version, bytes) in _assemblies)
        {
            if (bytes.Length == 0)
            {
                throw new ArgumentException($"assembly '{name}' is empty");
            }

            Name("assembly", name);
            Version(version);
            manifest.AddRange(BitConverter.GetBytes((uint)bytes.Length));
            total += bytes.Length;
        }

        if (manifest.Count > AppBundleManifest.MaxSize)
        {
            throw new ArgumentException($"the manifest takes {manifest.Count} bytes, more than {AppBundleManifest.MaxSize}");
        }

        var body = new byte[manifest.Count + total];
        manifest.CopyTo(body);
        body[6] = (byte)manifest.Count;
        body[7] = (byte)(manifest.Count >> 8);
        var at = manifest.Count;
        foreach (var (_, _, bytes) in _assemblies)
        {
            bytes.CopyTo(body, at);
            at += bytes.Length;
        }

        // The device's own parser is the judge of the remaining rules (clean names, unique names, entry point form).
        try
        {
            AppBundleManifest.Check(body, 0, manifest.Count, body.Length, Runtime);
        }
        catch (ImageException e)
        {
            throw new ArgumentException("invalid app bundle: " + e.Message, e);
        }

        return body;
    }
}
