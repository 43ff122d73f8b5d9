using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace FotaDevice.NanoSubsetCheck;

/// <summary>One thing in a device assembly that nanoFramework v1 cannot load or run.</summary>
internal sealed record Violation(string Code, string Message, IReadOnlyCollection<string> Where);

/// <summary>
/// Checks a device assembly compiled for .NET against what nanoFramework v1 can run:
/// <list type="bullet">
/// <item>NF001 a generic type or method is declared;</item>
/// <item>NF002 a generic type or method is instantiated (List&lt;T&gt;, Span&lt;T&gt;, int?, tuples, LINQ);</item>
/// <item>NF003 a framework type or member is used that nanoFramework v1 does not have;</item>
/// <item>NF004 stackalloc (IL localloc);</item>
/// <item>NF005 pointers or pinned locals (unsafe code);</item>
/// <item>NF006 a framework assembly is referenced that has no nanoFramework counterpart;</item>
/// <item>NF007 a signed-only instruction (shr, div, rem, conv.i8, conv.r8) on a value that nanoCLR types as unsigned (<see cref="SignednessCheck"/>).</item>
/// </list>
/// </summary>
internal sealed class SubsetChecker
{
    /// <summary>
    /// Framework members the host compiler emits where the nanoFramework compiler emits something else,
    /// because the target library has (or lacks) a better overload. They are not the program's choice.
    /// </summary>
    private static readonly string[] HostLoweringTypes =
    {
        // $"..." lowers to this handler on .NET 6+, to String.Format/Concat on nanoFramework.
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        // Assembly-level attributes the compiler adds only when the target library defines them.
        "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
        "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
        "System.Diagnostics.DebuggableAttribute",
        "System.Diagnostics.DebuggableAttribute/DebuggingModes",
        "System.Runtime.CompilerServices.IsReadOnlyAttribute",
        "System.Runtime.CompilerServices.NullableAttribute",
        "System.Runtime.CompilerServices.NullableContextAttribute",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
        "System.Diagnostics.DebuggerBrowsableAttribute",
        "System.Diagnostics.DebuggerBrowsableState",
        "System.Diagnostics.DebuggerHiddenAttribute",
        // AutoResetEvent/ManualResetEvent.Set and Reset live on this base class on .NET, on the classes themselves on nanoFramework.
        "System.Threading.EventWaitHandle",
    };

    private static readonly string[] HostLoweringMembers =
    {
        // lock(x) uses Enter(object, ref bool) where it exists, Enter(object) otherwise.
        "System.Threading.Monitor::Enter(System.Object,System.Boolean&)",
        // Format/Concat with one to three objects bind to fixed-arity overloads on .NET, to the params one on nanoFramework.
        "System.String::Format(System.String,System.Object)",
        "System.String::Format(System.String,System.Object,System.Object)",
        "System.String::Format(System.String,System.Object,System.Object,System.Object)",
        // Optional parameters on nanoFramework, separate overloads on .NET.
        "System.String::PadLeft(System.Int32)",
        "System.String::PadRight(System.Int32)",
        // A call to a params method with no arguments: Array.Empty<T>() on .NET, newarr on nanoFramework.
        "System.Array::Empty()",
        // Field-like event accessors: a CompareExchange<T> loop on .NET, Delegate.Combine/Remove on nanoFramework.
        "System.Threading.Interlocked::CompareExchange(!!0&,!!0,!!0)",
        "System.Threading.EventWaitHandle::Set()",
        "System.Threading.EventWaitHandle::Reset()",
    };

    /// <summary>Generic methods the host compiler calls where the nanoFramework compiler calls none, and where.</summary>
    private static bool IsHostLoweringMethodSpec(string method, IReadOnlyCollection<string> users)
    {
        if (method.StartsWith("System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", StringComparison.Ordinal)
            || method == "System.Array::Empty")
        {
            return true;
        }

        // Only inside compiler-written event accessors; anywhere else it is the program's own generic call.
        return method == "System.Threading.Interlocked::CompareExchange"
            && users.Count > 0
            && users.All(u => u.Contains(".add_", StringComparison.Ordinal) || u.Contains(".remove_", StringComparison.Ordinal));
    }

    private readonly ApiSurface _api;
    private readonly string _ownPrefix;

    public SubsetChecker(ApiSurface api, string ownPrefix)
    {
        _api = api;
        _ownPrefix = ownPrefix;
        foreach (var type in HostLoweringTypes)
        {
            _api.Add("T " + type);
            _api.AddOpenType(type);
        }

        foreach (var member in HostLoweringMembers)
        {
            _api.Add(member);
        }
    }

    public List<Violation> Check(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new TypeNameProvider(reader);
        var usage = UsageIndex.Build(reader, new PEReaderBodies(pe), names);
        IndexSignatureUses(reader, usage, names);

        var found = new List<Violation>();
        CheckGenericDeclarations(reader, found);
        CheckAssemblyReferences(reader, found);
        CheckTypeReferences(reader, usage, found);
        CheckMemberReferences(reader, usage, names, found);
        CheckTypeSpecifications(reader, usage, names, found);
        CheckMethodSpecifications(reader, usage, found);
        CheckSignatures(reader, names, found);
        SignednessCheck.Run(reader, new PEReaderBodies(pe), name => name.StartsWith(_ownPrefix, StringComparison.Ordinal), found);
        if (usage.LocAllocs.Count > 0)
        {
            found.Add(new Violation("NF004", "stackalloc is not supported by nanoFramework v1", usage.LocAllocs));
        }

        return found;
    }

    private bool IsFramework(MetadataReader reader, TypeReferenceHandle handle)
    {
        var assembly = MetadataNames.ScopeAssembly(reader, handle);
        return assembly != null && !assembly.StartsWith(_ownPrefix, StringComparison.Ordinal);
    }

    private static void CheckGenericDeclarations(MetadataReader reader, List<Violation> found)
    {
        foreach (var row in Enumerable.Range(1, reader.GetTableRowCount(TableIndex.GenericParam)))
        {
            var handle = MetadataTokens.GenericParameterHandle(row);
            var parameter = reader.GetGenericParameter(handle);
            var owner = parameter.Parent.Kind == HandleKind.TypeDefinition
                ? MetadataNames.Of(reader, (TypeDefinitionHandle)parameter.Parent)
                : DescribeMethod(reader, (MethodDefinitionHandle)parameter.Parent);
            found.Add(new Violation(
                "NF001",
                "generic declaration '" + owner + "' (type parameter " + reader.GetString(parameter.Name) + ") crashes the nanoFramework v1 interpreter",
                new[] { owner }));
        }
    }

    private void CheckAssemblyReferences(MetadataReader reader, List<Violation> found)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            if (!IsFramework(reader, handle))
            {
                continue;
            }

            var name = MetadataNames.Of(reader, handle);
            if (_api.HasType(name))
            {
                known.Add(MetadataNames.ScopeAssembly(reader, handle)!);
            }
        }

        foreach (var handle in reader.AssemblyReferences)
        {
            var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
            if (name.StartsWith(_ownPrefix, StringComparison.Ordinal) || known.Contains(name))
            {
                continue;
            }

            if (name is "System.Linq" or "System.Linq.Expressions" or "System.Memory" or "System.Threading.Tasks" or "System.Collections.Concurrent")
            {
                found.Add(new Violation("NF006", "assembly '" + name + "' has no nanoFramework v1 counterpart", Array.Empty<string>()));
            }
        }
    }

    private void CheckTypeReferences(MetadataReader reader, UsageIndex usage, List<Violation> found)
    {
        foreach (var handle in reader.TypeReferences)
        {
            if (!IsFramework(reader, handle))
            {
                continue;
            }

            var name = MetadataNames.Of(reader, handle);
            if (!_api.HasType(name))
            {
                found.Add(new Violation("NF003", "type '" + name + "' does not exist in nanoFramework v1", usage.UsersOf(handle)));
            }
        }
    }

    private void CheckMemberReferences(MetadataReader reader, UsageIndex usage, TypeNameProvider names, List<Violation> found)
    {
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue; // generic parents are reported as NF002 through their TypeSpec
            }

            var parent = (TypeReferenceHandle)member.Parent;
            var typeName = MetadataNames.Of(reader, parent);
            if (!IsFramework(reader, parent) || !_api.HasType(typeName))
            {
                continue; // an unknown type is reported once, as NF003 on the type
            }

            var name = reader.GetString(member.Name);
            string shown;
            bool exists;
            if (member.GetKind() == MemberReferenceKind.Field)
            {
                shown = typeName + "::" + name;
                exists = _api.HasField(typeName, name);
            }
            else
            {
                var signature = member.DecodeMethodSignature(names, null);
                shown = typeName + "::" + name + "(" + string.Join(",", signature.ParameterTypes) + ")";
                exists = _api.HasMethod(typeName, name, signature.ParameterTypes);
            }

            if (!exists)
            {
                found.Add(new Violation("NF003", "member '" + shown + "' does not exist in nanoFramework v1", usage.UsersOf(handle)));
            }
        }
    }

    private static void CheckTypeSpecifications(MetadataReader reader, UsageIndex usage, TypeNameProvider names, List<Violation> found)
    {
        foreach (var row in Enumerable.Range(1, reader.GetTableRowCount(TableIndex.TypeSpec)))
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            names.ResetFlags();
            var shown = reader.GetTypeSpecification(handle).DecodeSignature(names, null);
            if (names.SawGeneric && !shown.StartsWith("System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", StringComparison.Ordinal))
            {
                found.Add(new Violation("NF002", "generic type '" + shown + "' is not supported by nanoFramework v1", usage.UsersOf(handle)));
            }
        }
    }

    private static void CheckMethodSpecifications(MetadataReader reader, UsageIndex usage, List<Violation> found)
    {
        foreach (var row in Enumerable.Range(1, reader.GetTableRowCount(TableIndex.MethodSpec)))
        {
            var handle = MetadataTokens.MethodSpecificationHandle(row);
            var spec = reader.GetMethodSpecification(handle);
            var method = DescribeMethodHandle(reader, spec.Method);
            var users = usage.UsersOf(handle);
            if (IsHostLoweringMethodSpec(method, users))
            {
                continue;
            }

            found.Add(new Violation("NF002", "generic method '" + method + "' is not supported by nanoFramework v1", users));
        }
    }

    /// <summary>Field, method and local signatures: generic instantiations (NF002) and pointers (NF005).</summary>
    private static void CheckSignatures(MetadataReader reader, TypeNameProvider names, List<Violation> found)
    {
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = MetadataNames.Of(reader, typeHandle);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                names.ResetFlags();
                field.DecodeSignature(names, null);
                ReportSignature(names, typeName + "." + reader.GetString(field.Name), found);
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                names.ResetFlags();
                method.DecodeSignature(names, null);
                ReportSignature(names, typeName + "." + reader.GetString(method.Name), found);
            }
        }

        foreach (var row in Enumerable.Range(1, reader.GetTableRowCount(TableIndex.StandAloneSig)))
        {
            var sig = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            if (sig.GetKind() != StandaloneSignatureKind.LocalVariables)
            {
                continue;
            }

            names.ResetFlags();
            sig.DecodeLocalSignature(names, null);
            ReportSignature(names, "local variables", found);
        }
    }

    private static void ReportSignature(TypeNameProvider names, string where, List<Violation> found)
    {
        if (names.SawPointer)
        {
            found.Add(new Violation("NF005", "pointer or pinned type in '" + where + "' (unsafe code)", new[] { where }));
        }

        foreach (var generic in names.Generics)
        {
            if (!generic.StartsWith("System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", StringComparison.Ordinal))
            {
                found.Add(new Violation("NF002", "generic type '" + generic + "' in the signature of '" + where + "' is not supported by nanoFramework v1", new[] { where }));
            }
        }
    }

    /// <summary>Records where framework types are used by signatures, base types and attributes, not only IL.</summary>
    private static void IndexSignatureUses(MetadataReader reader, UsageIndex usage, TypeNameProvider names)
    {
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = MetadataNames.Of(reader, typeHandle);
            if (!type.BaseType.IsNil)
            {
                usage.AddUse(type.BaseType, typeName + " (base type)");
            }

            foreach (var implHandle in type.GetInterfaceImplementations())
            {
                usage.AddUse(reader.GetInterfaceImplementation(implHandle).Interface, typeName + " (interface)");
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                names.ResetFlags();
                field.DecodeSignature(names, null);
                NoteSeen(usage, names, typeName + "." + reader.GetString(field.Name));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                names.ResetFlags();
                method.DecodeSignature(names, null);
                NoteSeen(usage, names, typeName + "." + reader.GetString(method.Name));
            }
        }

        foreach (var attributeHandle in reader.CustomAttributes)
        {
            var attribute = reader.GetCustomAttribute(attributeHandle);
            usage.AddUse(attribute.Constructor, "attribute on " + DescribeAttributeTarget(reader, attribute.Parent));
        }
    }

    private static void NoteSeen(UsageIndex usage, TypeNameProvider names, string where)
    {
        foreach (var handle in names.Seen)
        {
            usage.AddUse(handle, where);
        }
    }

    private static string DescribeAttributeTarget(MetadataReader reader, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.AssemblyDefinition => "the assembly",
        HandleKind.ModuleDefinition => "the module",
        HandleKind.TypeDefinition => MetadataNames.Of(reader, (TypeDefinitionHandle)parent),
        HandleKind.MethodDefinition => DescribeMethod(reader, (MethodDefinitionHandle)parent),
        _ => parent.Kind.ToString(),
    };

    private static string DescribeMethod(MetadataReader reader, MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        return MetadataNames.Of(reader, method.GetDeclaringType()) + "." + reader.GetString(method.Name);
    }

    private static string DescribeMethodHandle(MetadataReader reader, EntityHandle handle)
    {
        if (handle.Kind == HandleKind.MethodDefinition)
        {
            return DescribeMethod(reader, (MethodDefinitionHandle)handle);
        }

        var member = reader.GetMemberReference((MemberReferenceHandle)handle);
        var parent = member.Parent.Kind switch
        {
            HandleKind.TypeReference => MetadataNames.Of(reader, (TypeReferenceHandle)member.Parent),
            HandleKind.TypeDefinition => MetadataNames.Of(reader, (TypeDefinitionHandle)member.Parent),
            _ => "(generic type)",
        };
        return parent + "::" + reader.GetString(member.Name);
    }
}
