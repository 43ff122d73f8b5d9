using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FotaDevice.Image;

namespace FotaDevice.Host.Images;

/// <summary>What .NET assemblies define, read from their metadata (nothing is loaded).</summary>
public static class DotNetMetadata
{
    /// <summary>Every public static parameterless method named Start or Main of a public type: "Namespace.Type.Method".</summary>
    public static List<string> EntryPoints(IEnumerable<string> files)
    {
        var found = new List<string>();
        foreach (var file in files)
        {
            Visit(file, (reader, type, method) =>
            {
                var name = reader.GetString(method.Name);
                if (name is "Start" or "Main" && IsEntry(type, method))
                {
                    found.Add(TypeName(reader, type) + "." + name);
                }
            });
        }

        return found;
    }

    /// <summary>True if a file defines the type of <paramref name="entry"/> ("Namespace.Type.Method") with that method public, static and parameterless.</summary>
    public static bool DefinesEntry(string file, string entry)
    {
        var dot = entry.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var typeName = entry[..dot];
        var methodName = entry[(dot + 1)..];
        var found = false;
        Visit(file, (reader, type, method) => found |= reader.GetString(method.Name) == methodName && IsEntry(type, method) && TypeName(reader, type) == typeName);
        return found;
    }

    /// <summary>True if a file defines the type named <paramref name="fullName"/>.</summary>
    public static bool DefinesType(string file, string fullName)
    {
        using var pe = new PEReader(File.OpenRead(file));
        if (!pe.HasMetadata)
        {
            return false;
        }

        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Any(h => TypeName(reader, reader.GetTypeDefinition(h)) == fullName);
    }

    /// <summary>True if the file is a .NET assembly (a PE file with an assembly manifest).</summary>
    public static bool IsAssembly(string file)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(file));
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The assembly version of a .NET assembly (0.0.0.0 when it has none).</summary>
    public static AssemblyVersion VersionOf(string file)
    {
        using var pe = new PEReader(File.OpenRead(file));
        if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
        {
            return new AssemblyVersion(0, 0, 0, 0);
        }

        var v = pe.GetMetadataReader().GetAssemblyDefinition().Version;
        return new AssemblyVersion(v.Major, Math.Max(0, v.Minor), Math.Max(0, v.Build), Math.Max(0, v.Revision));
    }

    private static bool IsEntry(TypeDefinition type, MethodDefinition method) =>
        (type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public
        && (method.Attributes & MethodAttributes.Static) != 0
        && (method.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public
        && method.GetParameters().Count == 0;

    private static string TypeName(MetadataReader reader, TypeDefinition type)
    {
        var ns = reader.GetString(type.Namespace);
        return (ns.Length > 0 ? ns + "." : string.Empty) + reader.GetString(type.Name);
    }

    private static void Visit(string file, Action<MetadataReader, TypeDefinition, MethodDefinition> visit)
    {
        using var pe = new PEReader(File.OpenRead(file));
        if (!pe.HasMetadata)
        {
            return;
        }

        var reader = pe.GetMetadataReader();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                visit(reader, type, reader.GetMethodDefinition(methodHandle));
            }
        }
    }
}
