using System.Security.Cryptography;
using FotaDevice.Protocol.Smp;
using FotaDevice.Update.Approval;

namespace FotaDevice.Testing.Fuzz;

/// <summary>What the generator knows of the device, so that good values can be sent (and then spoiled).</summary>
internal interface IFuzzTarget
{
    /// <summary>Image hashes the device holds (the running one, the other slot's).</summary>
    byte[][] Hashes { get; }

    /// <summary>A real signed image, whose bytes uploads send.</summary>
    byte[] Image { get; }

    /// <summary>Where an upload would continue (the inactive slot's length).</summary>
    int UploadOffset { get; }

    /// <summary>The owner code's outstanding challenge, or null.</summary>
    byte[]? Challenge { get; }
}

/// <summary>One generated frame: the bytes, the command it was built from, how it was spoiled.</summary>
internal readonly record struct Frame(byte[] Bytes, string Command, string Mutation);

/// <summary>
/// Structure-aware SMP frames over every command the device serves (<see cref="SmpCommand.Served"/>):
/// a valid request map first, with values a client would send or hostile ones; then, by turns, keys
/// renamed, dropped, repeated or added, values and keys of other CBOR types, maps whose counts lie,
/// indefinite lengths, deep nesting, other bodies, truncations, bit flips and header mutations (op,
/// version, flags, length, group, sequence, command), and commands the device does not serve.
/// </summary>
internal sealed class FrameGenerator(Random random, IFuzzTarget target)
{
    /// <summary>The mutations, each with its weight.</summary>
    public static readonly (string Name, int Weight)[] Mutations =
    [
        ("valid", 18), ("hostile values", 18), ("other types", 14), ("keys", 10), ("structure", 10),
        ("truncated", 8), ("bit flips", 8), ("header", 9), ("unserved command", 5),
    ];

    private static readonly long[] Boundaries =
    [
        0, 1, -1, 2, 23, 24, 255, 256, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, int.MinValue, (long)int.MinValue - 1,
        uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, long.MinValue, 4096, 4095, 64 * 1024, 64 * 1024 + 1,
    ];

    private readonly CborBytes _body = new();
    private byte _sequence;

    public Frame Next()
    {
        var mutation = Pick();
        var command = mutation == "unserved command" ? Unserved() : SmpCommand.Served[random.Next(SmpCommand.Served.Length)];
        _body.Clear();
        switch (mutation)
        {
            case "valid":
            case "hostile values":
            case "keys":
            case "other types":
                WriteMap(command, mutation);
                break;
            case "structure":
                WriteStructure(command);
                break;
            default:
                WriteMap(command, "valid");
                break;
        }

        var body = _body.ToArray();
        if (mutation == "truncated" && body.Length > 0)
        {
            body = body.AsSpan(0, random.Next(body.Length)).ToArray();
        }
        else if (mutation == "bit flips" && body.Length > 0)
        {
            for (var flips = 1 + random.Next(8); flips > 0; flips--)
            {
                body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
            }
        }

        var frame = new byte[SmpHeader.Size + body.Length];
        frame[0] = (byte)(command.Op | (SmpHeader.Version2 << 3));
        frame[2] = (byte)(body.Length >> 8);
        frame[3] = (byte)body.Length;
        frame[4] = (byte)(command.Group >> 8);
        frame[5] = (byte)command.Group;
        frame[6] = _sequence++;
        frame[7] = (byte)command.Id;
        body.CopyTo(frame, SmpHeader.Size);
        if (mutation == "header")
        {
            MutateHeader(frame, body.Length);
        }
        else if (random.Next(4) == 0)
        {
            frame[0] = (byte)(command.Op | (SmpHeader.Version1 << 3)); // an SMP version 1 client
        }

        return new Frame(frame, command.Name, mutation);
    }

    private string Pick()
    {
        var pick = random.Next(Mutations.Sum(m => m.Weight));
        foreach (var (name, weight) in Mutations)
        {
            if (pick < weight)
            {
                return name;
            }

            pick -= weight;
        }

        return Mutations[0].Name;
    }

    /// <summary>A command the device does not serve: another group, another id, or a served one with the other operation.</summary>
    private SmpCommand Unserved()
    {
        var served = SmpCommand.Served[random.Next(SmpCommand.Served.Length)];
        return random.Next(3) switch
        {
            0 => new SmpCommand("unserved command", served.Op, random.Next(2) == 0 ? random.Next(2, 64) : random.Next(66, 65536), served.Id, served.Fields),
            1 => new SmpCommand("unserved command", served.Op, served.Group, random.Next(8, 256), served.Fields),
            _ => new SmpCommand("unserved command", served.Op ^ SmpHeader.OpWrite, served.Group, served.Id, served.Fields),
        };
    }

    private void WriteMap(SmpCommand command, string mutation)
    {
        var fields = command.Fields.Where(_ => random.Next(5) != 0 || mutation == "valid").ToList();
        var extra = new List<Action>();
        if (mutation == "keys")
        {
            switch (random.Next(4))
            {
                case 0 when fields.Count > 0:
                    fields.RemoveAt(random.Next(fields.Count));
                    break;
                case 1 when fields.Count > 0:
                    fields.Add(fields[random.Next(fields.Count)]); // a repeated key
                    break;
                case 2:
                    extra.Add(() => { _body.Text(Word(1 + random.Next(12))); Value(FieldKind.Text, "valid"); });
                    break;
                default:
                    if (fields.Count > 0)
                    {
                        var at = random.Next(fields.Count);
                        fields[at] = fields[at] with { Key = NearMiss(fields[at].Key) };
                    }

                    break;
            }
        }

        fields = fields.OrderBy(_ => random.Next()).ToList();
        _body.Head(5, (ulong)(fields.Count + extra.Count));
        var spoiled = mutation == "other types" && fields.Count > 0 ? random.Next(fields.Count) : -1;
        for (var i = 0; i < fields.Count; i++)
        {
            if (i == spoiled && random.Next(4) == 0)
            {
                AnyItem(2); // the key itself of another type
            }
            else
            {
                _body.Text(fields[i].Key);
            }

            if (i == spoiled)
            {
                AnyItem(3);
            }
            else
            {
                Value(fields[i].Kind, mutation == "hostile values" ? mutation : "valid");
            }
        }

        foreach (var add in extra)
        {
            add();
        }
    }

    private void WriteStructure(SmpCommand command)
    {
        switch (random.Next(7))
        {
            case 0: // a count that lies
                _body.Head(5, (ulong)(command.Fields.Length + 1 + random.Next(3)));
                foreach (var field in command.Fields)
                {
                    _body.Text(field.Key);
                    Value(field.Kind, "valid");
                }

                break;
            case 1: // an indefinite-length map, maybe never closed
                _body.Raw(0xBF);
                foreach (var field in command.Fields)
                {
                    _body.Text(field.Key);
                    Value(field.Kind, "valid");
                }

                if (random.Next(3) != 0)
                {
                    _body.Raw(0xFF);
                }

                break;
            case 2: // nesting past any depth limit
                var depth = 10 + random.Next(200);
                _body.Head(5, 1);
                _body.Text(command.Fields.Length > 0 ? command.Fields[0].Key : "x");
                for (var i = 0; i < depth; i++)
                {
                    _body.Raw(random.Next(2) == 0 ? (byte)0x81 : (byte)0xA1);
                    if (_body.Length % 2 == 0)
                    {
                        _body.Text("k");
                    }
                }

                _body.Int(0);
                break;
            case 3: // a body that is not a map
                AnyItem(3);
                break;
            case 4: // trailing items after the map
                _body.Head(5, 0);
                AnyItem(2);
                break;
            case 5: // a huge declared length
                _body.Head(5, 1);
                _body.Text(command.Fields.Length > 0 ? command.Fields[random.Next(command.Fields.Length)].Key : "d");
                _body.Head(random.Next(2, 4), (ulong)random.NextInt64(1, long.MaxValue), wide: true);
                _body.Raw(RandomBytes(random.Next(16)));
                break;
            default: // random bytes
                _body.Raw(RandomBytes(random.Next(1, 64)));
                break;
        }
    }

    private void Value(FieldKind kind, string mode)
    {
        var hostile = mode == "hostile values" && random.Next(3) != 0;
        switch (kind)
        {
            case FieldKind.Text:
                _body.Text(hostile ? Word(random.Next(0, 1100)) : Word(random.Next(0, 40)));
                break;
            case FieldKind.Format:
                _body.Text(hostile ? new string((char)random.Next(32, 127), random.Next(0, 1100)) : new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => "snrvbmpioa"[random.Next(10)]).ToArray()));
                break;
            case FieldKind.Int:
            case FieldKind.LogLine:
                _body.Int(hostile ? Boundaries[random.Next(Boundaries.Length)] : random.Next(0, 100));
                break;
            case FieldKind.Bool:
                _body.Bool(random.Next(2) == 0);
                break;
            case FieldKind.Slot:
                _body.Int(hostile ? Boundaries[random.Next(Boundaries.Length)] : random.Next(0, 3) - (random.Next(8) == 0 ? 1 : 0));
                break;
            case FieldKind.ImageHash:
                _body.Bytes(hostile ? RandomBytes(random.Next(0, 70)) : random.Next(4) == 0 ? RandomBytes(32) : target.Hashes[random.Next(target.Hashes.Length)]);
                break;
            case FieldKind.Challenge:
                _body.Bytes(hostile ? RandomBytes(random.Next(0, 40)) : target.Challenge ?? RandomBytes(16));
                break;
            case FieldKind.Proof:
                _body.Bytes(RandomBytes(hostile ? random.Next(0, 70) : 32));
                break;
            case FieldKind.Action:
                _body.Text(hostile ? Word(random.Next(0, 30)) : ApprovalActionNames.All[random.Next(ApprovalActionNames.All.Length)]);
                break;
            case FieldKind.Sha:
                _body.Bytes(hostile ? RandomBytes(random.Next(0, 70)) : random.Next(3) == 0 ? RandomBytes(random.Next(1, 33)) : SHA256.HashData(target.Image));
                break;
            case FieldKind.Offset:
                _body.Int(hostile ? Boundaries[random.Next(Boundaries.Length)] : random.Next(3) == 0 ? 0 : Math.Max(0, target.UploadOffset + random.Next(-3, 3)));
                break;
            case FieldKind.Length:
                _body.Int(hostile ? Boundaries[random.Next(Boundaries.Length)] : random.Next(4) == 0 ? random.Next(1, 100_000) : target.Image.Length);
                break;
            case FieldKind.ImageData:
                var image = target.Image;
                var from = random.Next(3) == 0 ? 0 : Math.Min(image.Length, target.UploadOffset);
                var count = Math.Min(image.Length - from, random.Next(0, hostile ? 1200 : 900));
                _body.Bytes(hostile && random.Next(2) == 0 ? RandomBytes(count) : image.AsSpan(from, count));
                break;
        }
    }

    /// <summary>Any CBOR item: every major type, tags, floats, simple values, indefinite lengths, nested up to <paramref name="depth"/>.</summary>
    private void AnyItem(int depth)
    {
        switch (random.Next(depth > 0 ? 13 : 9))
        {
            case 0: _body.Int(Boundaries[random.Next(Boundaries.Length)]); break;
            case 1: _body.Int(random.Next(-1000, 1000)); break;
            case 2: _body.Bytes(RandomBytes(random.Next(0, 40))); break;
            case 3: _body.Text(Word(random.Next(0, 20))); break;
            case 4: _body.Raw(new[] { (byte)0xF4, (byte)0xF5, (byte)0xF6, (byte)0xF7, (byte)0xE0, (byte)0xF8 }[random.Next(6)]); break;
            case 5: _body.Raw(0xF9); _body.Raw(RandomBytes(2)); break;   // half float
            case 6: _body.Raw(0xFB); _body.Raw(RandomBytes(8)); break;   // double
            case 7: _body.Raw(new[] { (byte)0x1C, (byte)0x3D, (byte)0x5F, (byte)0x7F, (byte)0xFF, (byte)0x5E }[random.Next(6)]); break; // reserved, indefinite, break
            case 8: _body.Raw(0x5F); _body.Bytes(RandomBytes(3)); if (random.Next(2) == 0) _body.Raw(0xFF); break;
            case 9: Nested(4, 1, depth); break;   // an array
            case 10: Nested(5, 2, depth); break;  // a map: two items per pair
            case 11: _body.Head(6, (ulong)random.Next(0, 300)); AnyItem(depth - 1); break;   // a tag
            default: _body.Raw(0x9F); AnyItem(depth - 1); _body.Raw(0xFF); break;
        }
    }

    private void Nested(int major, int itemsPerEntry, int depth)
    {
        var entries = random.Next(0, 4);
        _body.Head(major, (ulong)entries);
        for (var i = 0; i < entries * itemsPerEntry; i++)
        {
            AnyItem(depth - 1);
        }
    }

    private void MutateHeader(byte[] frame, int bodyLength)
    {
        switch (random.Next(7))
        {
            case 0: frame[0] = (byte)((frame[0] & ~0x07) | random.Next(8)); break;                  // op
            case 1: frame[0] = (byte)((frame[0] & 0x07) | (random.Next(4) << 3) | (random.Next(8) << 5)); break; // version, reserved bits
            case 2: frame[1] = (byte)random.Next(256); break;                                        // flags
            case 3:
                var length = random.Next(4) == 0 ? random.Next(65536) : Math.Max(0, bodyLength + random.Next(-5, 6));
                frame[2] = (byte)(length >> 8);
                frame[3] = (byte)length;
                break;
            case 4: frame[4] = (byte)random.Next(256); frame[5] = (byte)random.Next(256); break;     // group
            case 5: frame[7] = (byte)random.Next(256); break;                                        // command id
            default: frame[random.Next(SmpHeader.Size)] ^= (byte)(1 << random.Next(8)); break;
        }
    }

    private string NearMiss(string key) => random.Next(4) switch
    {
        0 => key.ToUpperInvariant(),
        1 => key[..^1],
        2 => key + (char)random.Next(97, 123),
        _ => key.Length > 1 ? key[1..] + key[0] : key + key,
    };

    private string Word(int length) => new(Enumerable.Range(0, length).Select(_ => (char)random.Next(97, 123)).ToArray());

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
