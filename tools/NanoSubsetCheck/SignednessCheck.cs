using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace FotaDevice.NanoSubsetCheck;

/// <summary>
/// NF007: code that nanoCLR evaluates unlike ECMA-335 because it types values by where they came
/// from, not by the instruction that uses them.
/// <para>
/// nanoCLR tags every evaluation-stack value with a data type. An unsigned load or widening
/// (<c>conv.u8</c>, <c>conv.u4</c>, <c>ldelem.u4</c>, a <c>uint</c>/<c>ulong</c> local, field, argument
/// or return value) gives an unsigned tag, and arithmetic keeps the left operand's tag. A store to a
/// local, argument, field or array element takes the slot's declared type; passing an argument or
/// returning a value does not. The signed-only instructions then act on the tag: <c>shr</c> shifts
/// logically, <c>div</c>/<c>rem</c> divide unsigned, <c>conv.i8</c> zero-extends, <c>conv.r4</c>/<c>conv.r8</c>
/// convert as unsigned. C# emits those instructions for <c>long</c>/<c>int</c> values made by an unchecked
/// cast from an unsigned one (<c>(long)someUint - x</c>), so such code is right on .NET and wrong on the
/// device — and only where the compiler keeps the value on the stack, which a Release build does more.
/// </para>
/// <para>
/// The check runs a data-flow pass over each method's IL and reports a signed-only instruction
/// whose operand may carry an unsigned tag, an unsigned-tagged value passed to a signed parameter
/// of the assembly's own methods, and one returned from a method declared to return a signed
/// value. A store to a local or argument takes its declared type, as on nanoCLR: a Debug build
/// stores more temporaries than a Release build, so CI checks both.
/// </para>
/// </summary>
internal static class SignednessCheck
{
    /// <param name="isOwnAssembly">Whether an assembly (by name) is the project's own: calls into it are checked like calls within.</param>
    public static void Run(MetadataReader reader, PEReaderBodies bodies, Func<string, bool> isOwnAssembly, List<Violation> found)
    {
        var kinds = new KindProvider();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var where = MetadataNames.Of(reader, typeHandle) + "." + reader.GetString(method.Name);
                var flow = new MethodFlow(reader, kinds, method, bodies.Get(method.RelativeVirtualAddress), isOwnAssembly);
                foreach (var problem in flow.Analyze())
                {
                    found.Add(new Violation("NF007", problem + " (nanoCLR keeps the unsigned type of a value made by an unsigned load or widening: see docs on NF007)", new[] { where }));
                }
            }
        }
    }

    /// <summary>How nanoCLR will tag a value of a declared type.</summary>
    internal enum Kind : byte
    {
        Other = 0,
        Unsigned = 1,
        UnsignedArray = 2,
        Void = 3,
        Signed = 4,
    }

    private sealed class KindProvider : ISignatureTypeProvider<Kind, object?>
    {
        public Kind GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.UInt32 or PrimitiveTypeCode.UInt64 or PrimitiveTypeCode.UIntPtr => Kind.Unsigned,
            PrimitiveTypeCode.Int32 or PrimitiveTypeCode.Int64 or PrimitiveTypeCode.IntPtr
                or PrimitiveTypeCode.Single or PrimitiveTypeCode.Double => Kind.Signed,
            PrimitiveTypeCode.Void => Kind.Void,
            _ => Kind.Other,
        };

        public Kind GetSZArrayType(Kind elementType) => elementType == Kind.Unsigned ? Kind.UnsignedArray : Kind.Other;

        public Kind GetArrayType(Kind elementType, ArrayShape shape) => Kind.Other;

        public Kind GetByReferenceType(Kind elementType) => Kind.Other;

        public Kind GetPointerType(Kind elementType) => Kind.Other;

        public Kind GetPinnedType(Kind elementType) => elementType;

        public Kind GetGenericInstantiation(Kind genericType, ImmutableArray<Kind> typeArguments) => Kind.Other;

        public Kind GetGenericMethodParameter(object? genericContext, int index) => Kind.Other;

        public Kind GetGenericTypeParameter(object? genericContext, int index) => Kind.Other;

        public Kind GetFunctionPointerType(MethodSignature<Kind> signature) => Kind.Other;

        public Kind GetModifiedType(Kind modifier, Kind unmodifiedType, bool isRequired) => unmodifiedType;

        public Kind GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Kind.Other;

        public Kind GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Kind.Other;

        public Kind GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => Kind.Other;
    }

    /// <summary>A value on the evaluation stack: unsigned-tagged, an array of unsigned elements, or neither.</summary>
    private enum Tag : byte
    {
        Clean = 0,
        Unsigned = 1,
        UnsignedArray = 2,
    }

    private static Tag TagOf(Kind kind) => kind switch
    {
        Kind.Unsigned => Tag.Unsigned,
        Kind.UnsignedArray => Tag.UnsignedArray,
        _ => Tag.Clean,
    };

    private static Tag Merge(Tag a, Tag b) => a == b ? a : (a == Tag.Unsigned || b == Tag.Unsigned ? Tag.Unsigned : (Tag)Math.Max((byte)a, (byte)b));

    private sealed record Instruction(int Offset, OpCode Op, long Operand, int[] Targets, int Next);

    private sealed class State
    {
        public Tag[] Stack = Array.Empty<Tag>();
        public Tag[] Locals = Array.Empty<Tag>();
        public Tag[] Args = Array.Empty<Tag>();

        public State Clone() => new() { Stack = (Tag[])Stack.Clone(), Locals = (Tag[])Locals.Clone(), Args = (Tag[])Args.Clone() };

        /// <summary>Merges <paramref name="other"/> in; true if anything changed.</summary>
        public bool MergeFrom(State other)
        {
            if (other.Stack.Length != Stack.Length)
            {
                return false; // unverifiable IL: leave it to the compiler
            }

            // | not ||: every part is merged.
            return MergeInto(Stack, other.Stack) | MergeInto(Locals, other.Locals) | MergeInto(Args, other.Args);
        }

        private static bool MergeInto(Tag[] mine, Tag[] theirs)
        {
            var changed = false;
            for (var i = 0; i < mine.Length; i++)
            {
                var merged = Merge(mine[i], theirs[i]);
                if (merged != mine[i])
                {
                    mine[i] = merged;
                    changed = true;
                }
            }

            return changed;
        }
    }

    private sealed class MethodFlow
    {
        private readonly MetadataReader _reader;
        private readonly KindProvider _kinds;
        private readonly MethodBodyBlock _body;
        private readonly Kind[] _argKinds;
        private readonly Kind[] _localKinds;
        private readonly Kind _returnKind;
        private readonly List<Instruction> _code;
        private readonly Dictionary<int, int> _indexOf = new();
        private readonly Func<string, bool> _isOwnAssembly;

        public MethodFlow(MetadataReader reader, KindProvider kinds, MethodDefinition method, MethodBodyBlock body, Func<string, bool> isOwnAssembly)
        {
            _reader = reader;
            _isOwnAssembly = isOwnAssembly;
            _kinds = kinds;
            _body = body;
            var signature = method.DecodeSignature(kinds, null);
            var args = new List<Kind>();
            if (signature.Header.IsInstance)
            {
                args.Add(Kind.Other);
            }

            args.AddRange(signature.ParameterTypes);
            _argKinds = args.ToArray();
            _returnKind = signature.ReturnType;
            _localKinds = body.LocalSignature.IsNil
                ? Array.Empty<Kind>()
                : reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(kinds, null).ToArray();
            _code = Decode(body);
            for (var i = 0; i < _code.Count; i++)
            {
                _indexOf[_code[i].Offset] = i;
            }
        }

        public IEnumerable<string> Analyze()
        {
            var problems = new SortedSet<string>(StringComparer.Ordinal);
            var states = new State?[_code.Count];
            var work = new Stack<int>();
            void Reach(int offset, State state)
            {
                if (!_indexOf.TryGetValue(offset, out var index))
                {
                    return;
                }

                if (states[index] == null)
                {
                    states[index] = state.Clone();
                    work.Push(index);
                }
                else if (states[index]!.MergeFrom(state))
                {
                    work.Push(index);
                }
            }

            var entry = new State { Locals = _localKinds.Select(TagOf).ToArray(), Args = _argKinds.Select(TagOf).ToArray() };
            Reach(0, entry);
            foreach (var region in _body.ExceptionRegions)
            {
                var handlerStack = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter ? new[] { Tag.Clean } : Array.Empty<Tag>();
                var handler = entry.Clone();
                handler.Stack = handlerStack;
                Reach(region.HandlerOffset, handler);
                if (region.Kind == ExceptionRegionKind.Filter)
                {
                    var filter = entry.Clone();
                    filter.Stack = new[] { Tag.Clean };
                    Reach(region.FilterOffset, filter);
                }
            }

            while (work.Count > 0)
            {
                var index = work.Pop();
                var instruction = _code[index];
                var state = states[index]!.Clone();
                if (!Step(instruction, state, problems, out var fallsThrough))
                {
                    continue;
                }

                foreach (var target in instruction.Targets)
                {
                    var branched = state;
                    if (instruction.Op == OpCodes.Leave || instruction.Op == OpCodes.Leave_S)
                    {
                        branched = state.Clone();
                        branched.Stack = Array.Empty<Tag>();
                    }

                    Reach(target, branched);
                }

                if (fallsThrough)
                {
                    Reach(instruction.Next, state);
                }
            }

            return problems;
        }

        /// <summary>Applies one instruction to <paramref name="state"/>; false when the state is unusable.</summary>
        private bool Step(Instruction instruction, State state, SortedSet<string> problems, out bool fallsThrough)
        {
            var op = instruction.Op;
            fallsThrough = op.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw);
            var stack = new List<Tag>(state.Stack);
            Tag Pop()
            {
                if (stack.Count == 0)
                {
                    return Tag.Clean;
                }

                var top = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                return top;
            }

            string At(string what) => what + " at IL_" + instruction.Offset.ToString("x4");
            if (op == OpCodes.Shr || op == OpCodes.Div || op == OpCodes.Rem)
            {
                Pop();
                var left = Pop();
                if (left == Tag.Unsigned)
                {
                    problems.Add(At(op.Name + " of a value from an unsigned load or widening: nanoCLR does it unsigned"));
                }

                stack.Add(left);
            }
            else if (op == OpCodes.Conv_I8 || op == OpCodes.Conv_R4 || op == OpCodes.Conv_R8 || op == OpCodes.Conv_Ovf_I8 || op == OpCodes.Conv_Ovf_I4 || op == OpCodes.Conv_Ovf_I)
            {
                if (Pop() == Tag.Unsigned)
                {
                    problems.Add(At(op.Name + " of a value from an unsigned load or widening: nanoCLR converts it as unsigned"));
                }

                stack.Add(Tag.Clean);
            }
            else if (op == OpCodes.Conv_U4 || op == OpCodes.Conv_U8 || op == OpCodes.Conv_U || op == OpCodes.Conv_Ovf_U4 || op == OpCodes.Conv_Ovf_U8
                     || op == OpCodes.Conv_Ovf_U4_Un || op == OpCodes.Conv_Ovf_U8_Un || op == OpCodes.Conv_Ovf_U || op == OpCodes.Conv_Ovf_U_Un
                     || op == OpCodes.Ldelem_U4 || op == OpCodes.Ldind_U4 || op == OpCodes.Conv_R_Un)
            {
                Pop();
                if (op == OpCodes.Ldelem_U4)
                {
                    Pop();
                }

                stack.Add(op == OpCodes.Conv_R_Un ? Tag.Clean : Tag.Unsigned);
            }
            else if (op == OpCodes.Add || op == OpCodes.Sub || op == OpCodes.Mul || op == OpCodes.And || op == OpCodes.Or || op == OpCodes.Xor
                     || op == OpCodes.Shl || op == OpCodes.Shr_Un || op == OpCodes.Div_Un || op == OpCodes.Rem_Un
                     || op == OpCodes.Add_Ovf || op == OpCodes.Add_Ovf_Un || op == OpCodes.Sub_Ovf || op == OpCodes.Sub_Ovf_Un
                     || op == OpCodes.Mul_Ovf || op == OpCodes.Mul_Ovf_Un)
            {
                Pop();
                stack.Add(Pop()); // nanoCLR: the result has the left operand's type
            }
            else if (op == OpCodes.Neg || op == OpCodes.Not)
            {
                stack.Add(Pop());
            }
            else if (op == OpCodes.Dup)
            {
                var top = Pop();
                stack.Add(top);
                stack.Add(top);
            }
            else if (LocalIndex(instruction, out var local, out var isStore, out var isArg))
            {
                var slots = isArg ? state.Args : state.Locals;
                var kinds = isArg ? _argKinds : _localKinds;
                if (local >= slots.Length)
                {
                    return false;
                }

                if (isStore)
                {
                    // nanoCLR keeps a primitive slot's declared type on a store (AssignPreserveType).
                    var stored = Pop();
                    slots[local] = kinds[local] is Kind.Unsigned or Kind.Signed ? TagOf(kinds[local]) : (stored == Tag.UnsignedArray ? Tag.UnsignedArray : Tag.Clean);
                }
                else if (IsAddressLoad(op))
                {
                    stack.Add(Tag.Clean);
                }
                else
                {
                    stack.Add(slots[local]);
                }
            }
            else if (op == OpCodes.Ldfld || op == OpCodes.Ldsfld)
            {
                if (op == OpCodes.Ldfld)
                {
                    Pop();
                }

                stack.Add(TagOf(FieldKind((int)instruction.Operand)));
            }
            else if (op == OpCodes.Ldelem_I8 || op == OpCodes.Ldelem_I4 || op == OpCodes.Ldelem)
            {
                Pop();
                var array = Pop();
                stack.Add(array == Tag.UnsignedArray ? Tag.Unsigned : Tag.Clean);
            }
            else if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj)
            {
                var token = (int)instruction.Operand;
                var signature = MethodSignatureOf(token, out var ownMethod);
                var parameters = signature.ParameterTypes;
                for (var i = parameters.Length - 1; i >= 0; i--)
                {
                    var argument = Pop();
                    if (ownMethod && argument == Tag.Unsigned && parameters[i] == Kind.Signed)
                    {
                        problems.Add(At("a value from an unsigned load or widening is passed as signed parameter " + i + " of " + MethodName(token) + ": it stays unsigned inside"));
                    }
                }

                if (signature.Header.IsInstance && op != OpCodes.Newobj)
                {
                    Pop();
                }

                if (op == OpCodes.Newobj)
                {
                    stack.Add(Tag.Clean);
                }
                else if (signature.ReturnType != Kind.Void)
                {
                    stack.Add(TagOf(signature.ReturnType));
                }
            }
            else if (op == OpCodes.Ret)
            {
                if (_returnKind != Kind.Void && Pop() == Tag.Unsigned && _returnKind == Kind.Signed)
                {
                    problems.Add(At("a value from an unsigned load or widening is returned as signed: the caller gets it unsigned"));
                }
            }
            else if (op == OpCodes.Calli || op == OpCodes.Jmp)
            {
                return false; // not produced by C#
            }
            else
            {
                for (var i = PopCount(op); i > 0; i--)
                {
                    Pop();
                }

                for (var i = PushCount(op); i > 0; i--)
                {
                    stack.Add(Tag.Clean);
                }
            }

            state.Stack = stack.ToArray();
            return true;
        }

        private static bool IsAddressLoad(OpCode op) => op == OpCodes.Ldloca || op == OpCodes.Ldloca_S || op == OpCodes.Ldarga || op == OpCodes.Ldarga_S;

        private static bool LocalIndex(Instruction instruction, out int index, out bool isStore, out bool isArg)
        {
            var op = instruction.Op;
            isStore = false;
            isArg = false;
            index = -1;
            if (op == OpCodes.Ldloc_0 || op == OpCodes.Ldloc_1 || op == OpCodes.Ldloc_2 || op == OpCodes.Ldloc_3)
            {
                index = op.Value - OpCodes.Ldloc_0.Value;
            }
            else if (op == OpCodes.Stloc_0 || op == OpCodes.Stloc_1 || op == OpCodes.Stloc_2 || op == OpCodes.Stloc_3)
            {
                index = op.Value - OpCodes.Stloc_0.Value;
                isStore = true;
            }
            else if (op == OpCodes.Ldarg_0 || op == OpCodes.Ldarg_1 || op == OpCodes.Ldarg_2 || op == OpCodes.Ldarg_3)
            {
                index = op.Value - OpCodes.Ldarg_0.Value;
                isArg = true;
            }
            else if (op == OpCodes.Ldloc || op == OpCodes.Ldloc_S || op == OpCodes.Ldloca || op == OpCodes.Ldloca_S)
            {
                index = (int)instruction.Operand;
            }
            else if (op == OpCodes.Stloc || op == OpCodes.Stloc_S)
            {
                index = (int)instruction.Operand;
                isStore = true;
            }
            else if (op == OpCodes.Ldarg || op == OpCodes.Ldarg_S || op == OpCodes.Ldarga || op == OpCodes.Ldarga_S)
            {
                index = (int)instruction.Operand;
                isArg = true;
            }
            else if (op == OpCodes.Starg || op == OpCodes.Starg_S)
            {
                index = (int)instruction.Operand;
                isArg = true;
                isStore = true;
            }

            return index >= 0;
        }

        private Kind FieldKind(int token)
        {
            var handle = MetadataTokens.EntityHandle(token);
            return handle.Kind switch
            {
                HandleKind.FieldDefinition => _reader.GetFieldDefinition((FieldDefinitionHandle)handle).DecodeSignature(_kinds, null),
                HandleKind.MemberReference => _reader.GetMemberReference((MemberReferenceHandle)handle).DecodeFieldSignature(_kinds, null),
                _ => Kind.Other,
            };
        }

        private MethodSignature<Kind> MethodSignatureOf(int token, out bool ownMethod)
        {
            var handle = MetadataTokens.EntityHandle(token);
            ownMethod = handle.Kind == HandleKind.MethodDefinition || (handle.Kind == HandleKind.MemberReference && IsOwnReference((MemberReferenceHandle)handle));
            return handle.Kind switch
            {
                HandleKind.MethodDefinition => _reader.GetMethodDefinition((MethodDefinitionHandle)handle).DecodeSignature(_kinds, null),
                HandleKind.MemberReference => _reader.GetMemberReference((MemberReferenceHandle)handle).DecodeMethodSignature(_kinds, null),
                HandleKind.MethodSpecification => MethodSignatureOf(MetadataTokens.GetToken(_reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method), out ownMethod),
                _ => throw new BadImageFormatException("unexpected call target " + handle.Kind),
            };
        }

        private bool IsOwnReference(MemberReferenceHandle handle)
        {
            var parent = _reader.GetMemberReference(handle).Parent;
            if (parent.Kind != HandleKind.TypeReference)
            {
                return false;
            }

            var assembly = MetadataNames.ScopeAssembly(_reader, (TypeReferenceHandle)parent);
            return assembly != null && _isOwnAssembly(assembly);
        }

        private string MethodName(int token)
        {
            var handle = MetadataTokens.EntityHandle(token);
            if (handle.Kind == HandleKind.MemberReference)
            {
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                var parent = member.Parent.Kind == HandleKind.TypeReference ? MetadataNames.Of(_reader, (TypeReferenceHandle)member.Parent) : "a type";
                return parent + "." + _reader.GetString(member.Name);
            }

            if (handle.Kind != HandleKind.MethodDefinition)
            {
                return "a method";
            }

            var method = _reader.GetMethodDefinition((MethodDefinitionHandle)handle);
            return MetadataNames.Of(_reader, method.GetDeclaringType()) + "." + _reader.GetString(method.Name);
        }

        private static int PopCount(OpCode op) => op.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
                or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8
                or StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref
                or StackBehaviour.Popref_popi_pop1 => 3,
            _ => 0,
        };

        private static int PushCount(OpCode op) => op.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1_push1 => 2,
            _ => 1,
        };

        private static List<Instruction> Decode(MethodBodyBlock body)
        {
            var code = new List<Instruction>();
            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var offset = il.Offset;
                ushort value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = (ushort)(0xFE00 | il.ReadByte());
                }

                var op = UsageIndex.OpCodesByValue[value];
                long operand = 0;
                var targets = Array.Empty<int>();
                switch (op.OperandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                        var shortDelta = il.ReadSByte();
                        targets = new[] { il.Offset + shortDelta };
                        break;
                    case OperandType.InlineBrTarget:
                        var delta = il.ReadInt32();
                        targets = new[] { il.Offset + delta };
                        break;
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        operand = il.ReadByte();
                        break;
                    case OperandType.InlineVar:
                        operand = il.ReadUInt16();
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        operand = il.ReadInt64();
                        break;
                    case OperandType.InlineSwitch:
                        var count = il.ReadInt32();
                        var deltas = new int[count];
                        for (var i = 0; i < count; i++)
                        {
                            deltas[i] = il.ReadInt32();
                        }

                        targets = deltas.Select(d => il.Offset + d).ToArray();
                        break;
                    case OperandType.ShortInlineR:
                        il.ReadSingle();
                        break;
                    default:
                        operand = il.ReadInt32();
                        break;
                }

                code.Add(new Instruction(offset, op, operand, targets, il.Offset));
            }

            return code;
        }
    }
}
