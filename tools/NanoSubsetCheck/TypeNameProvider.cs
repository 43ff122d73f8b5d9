using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace FotaDevice.NanoSubsetCheck;

/// <summary>
/// Decodes signature blobs into CLR type names ("System.Byte[]", "System.Boolean&amp;") and
/// remembers whether a signature used something nanoFramework v1 cannot run.
/// </summary>
internal sealed class TypeNameProvider : ISignatureTypeProvider<string, object?>
{
    private readonly MetadataReader _reader;

    public TypeNameProvider(MetadataReader reader) => _reader = reader;

    /// <summary>Set when a decoded signature contained a generic instantiation or generic parameter.</summary>
    public bool SawGeneric { get; private set; }

    /// <summary>Set when a decoded signature contained a pointer or function pointer.</summary>
    public bool SawPointer { get; private set; }

    /// <summary>Every type token met while decoding since the last <see cref="ResetFlags"/>.</summary>
    public List<EntityHandle> Seen { get; } = new();

    /// <summary>The generic instantiations met since the last <see cref="ResetFlags"/>.</summary>
    public List<string> Generics { get; } = new();

    public void ResetFlags()
    {
        Generics.Clear();
        SawGeneric = false;
        SawPointer = false;
        Seen.Clear();
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Void => "System.Void",
        PrimitiveTypeCode.Boolean => "System.Boolean",
        PrimitiveTypeCode.Char => "System.Char",
        PrimitiveTypeCode.SByte => "System.SByte",
        PrimitiveTypeCode.Byte => "System.Byte",
        PrimitiveTypeCode.Int16 => "System.Int16",
        PrimitiveTypeCode.UInt16 => "System.UInt16",
        PrimitiveTypeCode.Int32 => "System.Int32",
        PrimitiveTypeCode.UInt32 => "System.UInt32",
        PrimitiveTypeCode.Int64 => "System.Int64",
        PrimitiveTypeCode.UInt64 => "System.UInt64",
        PrimitiveTypeCode.Single => "System.Single",
        PrimitiveTypeCode.Double => "System.Double",
        PrimitiveTypeCode.String => "System.String",
        PrimitiveTypeCode.Object => "System.Object",
        PrimitiveTypeCode.IntPtr => "System.IntPtr",
        PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        _ => typeCode.ToString(),
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        Seen.Add(handle);
        return MetadataNames.Of(reader, handle);
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        Seen.Add(handle);
        return MetadataNames.Of(reader, handle);
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
    {
        Seen.Add(handle);
        return reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType)
    {
        SawPointer = true;
        return elementType + "*";
    }

    public string GetFunctionPointerType(MethodSignature<string> signature)
    {
        SawPointer = true;
        return "method*";
    }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        SawGeneric = true;
        var name = genericType + "<" + string.Join(",", typeArguments) + ">";
        Generics.Add(name);
        return name;
    }

    public string GetGenericMethodParameter(object? genericContext, int index)
    {
        SawGeneric = true;
        return "!!" + index;
    }

    public string GetGenericTypeParameter(object? genericContext, int index)
    {
        SawGeneric = true;
        return "!" + index;
    }

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType)
    {
        SawPointer = true;
        return elementType + " pinned";
    }
}

/// <summary>Full CLR names of metadata rows, nested types as Outer/Inner.</summary>
internal static class MetadataNames
{
    public static string Of(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return Of(reader, (TypeReferenceHandle)type.ResolutionScope) + "/" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static string Of(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return Of(reader, declaring) + "/" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>The assembly a type reference resolves to (walking out of nested references).</summary>
    public static string? ScopeAssembly(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.Kind == HandleKind.AssemblyReference
            ? reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
            : null;
    }
}
