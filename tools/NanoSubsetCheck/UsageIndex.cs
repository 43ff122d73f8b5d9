using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace FotaDevice.NanoSubsetCheck;

/// <summary>
/// Walks every method body once and records which methods use which metadata token,
/// so that a violation can name the method it stands in. Also finds IL opcodes that
/// nanoFramework does not implement.
/// </summary>
internal sealed class UsageIndex
{
    /// <summary>Every IL opcode by its encoded value (two-byte opcodes as 0xFEnn).</summary>
    internal static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value));

    private readonly Dictionary<int, SortedSet<string>> _users = new();

    /// <summary>Methods containing a <c>localloc</c> (C# <c>stackalloc</c>).</summary>
    public List<string> LocAllocs { get; } = new();

    public static UsageIndex Build(MetadataReader reader, PEReaderBodies bodies, TypeNameProvider names)
    {
        var index = new UsageIndex();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = MetadataNames.Of(reader, typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var where = typeName + "." + reader.GetString(method.Name);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var body = bodies.Get(method.RelativeVirtualAddress);
                index.Scan(body, where);
                if (!body.LocalSignature.IsNil)
                {
                    names.ResetFlags();
                    reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
                    foreach (var handle in names.Seen)
                    {
                        index.AddUse(handle, where);
                    }
                }
            }
        }

        index.PropagateToParents(reader, names);
        return index;
    }

    /// <summary>
    /// A use of a member is a use of its type: method specs pass their users to the generic method,
    /// member references to their parent type, type specs to the types inside them.
    /// </summary>
    private void PropagateToParents(MetadataReader reader, TypeNameProvider names)
    {
        foreach (var row in Enumerable.Range(1, reader.GetTableRowCount(TableIndex.MethodSpec)))
        {
            var handle = MetadataTokens.MethodSpecificationHandle(row);
            CopyUses(handle, reader.GetMethodSpecification(handle).Method);
        }

        foreach (var handle in reader.MemberReferences)
        {
            CopyUses(handle, reader.GetMemberReference(handle).Parent);
        }

        foreach (var row in Enumerable.Range(1, reader.GetTableRowCount(TableIndex.TypeSpec)))
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            names.ResetFlags();
            reader.GetTypeSpecification(handle).DecodeSignature(names, null);
            foreach (var inner in names.Seen.ToArray())
            {
                CopyUses(handle, inner);
            }
        }
    }

    private void CopyUses(EntityHandle from, EntityHandle to)
    {
        if (_users.TryGetValue(MetadataTokens.GetToken(from), out var set))
        {
            foreach (var where in set.ToArray())
            {
                Note(MetadataTokens.GetToken(to), where);
            }
        }
    }

    /// <summary>The methods that use a token (empty when only signatures or attributes do).</summary>
    public IReadOnlyCollection<string> UsersOf(EntityHandle handle)
        => _users.TryGetValue(MetadataTokens.GetToken(handle), out var set) ? set : Array.Empty<string>();

    /// <summary>Records a use of a token outside IL (a signature, an attribute, a base type).</summary>
    public void AddUse(EntityHandle handle, string where) => Note(MetadataTokens.GetToken(handle), where);

    private void Note(int token, string where)
    {
        if (!_users.TryGetValue(token, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            _users[token] = set;
        }

        set.Add(where);
    }

    private void Scan(MethodBodyBlock body, string where)
    {
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            ushort value = il.ReadByte();
            if (value == 0xFE)
            {
                value = (ushort)(0xFE00 | il.ReadByte());
            }

            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                throw new BadImageFormatException($"Unknown IL opcode 0x{value:X} in {where}.");
            }

            if (op == OpCodes.Localloc)
            {
                LocAllocs.Add(where);
            }

            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadUInt16();
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.ReadInt64();
                    break;
                case OperandType.InlineSwitch:
                    var count = il.ReadInt32();
                    il.Offset += count * 4;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                case OperandType.InlineSig:
                    Note(il.ReadInt32(), where);
                    break;
                default:
                    il.ReadInt32();
                    break;
            }
        }
    }
}

/// <summary>Reads method bodies by RVA from a PE file.</summary>
internal sealed class PEReaderBodies
{
    private readonly System.Reflection.PortableExecutable.PEReader _pe;

    public PEReaderBodies(System.Reflection.PortableExecutable.PEReader pe) => _pe = pe;

    public MethodBodyBlock Get(int rva) => _pe.GetMethodBody(rva);
}
