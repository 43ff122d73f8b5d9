using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Testing.Fuzz;

/// <summary>What a request field holds, so the fuzzer can send a good value before it sends a bad one.</summary>
internal enum FieldKind
{
    Text,
    Int,
    Bool,
    Format,
    ImageHash,
    ImageData,
    Offset,
    Length,
    Sha,
    Slot,
    Action,
    Challenge,
    Proof,
    LogLine,
}

/// <summary>One key of a request map.</summary>
internal sealed record Field(string Key, FieldKind Kind);

/// <summary>One command the device serves: its operation, group, command id and the keys it reads.</summary>
internal sealed record SmpCommand(string Name, int Op, int Group, int Id, Field[] Fields)
{
    /// <summary>Every group and command the device serves (docs/smp-fota-group.md), with every key each one reads.</summary>
    public static readonly SmpCommand[] Served =
    [
        new("os echo", SmpHeader.OpWrite, SmpGroup.Os, 0, [new("d", FieldKind.Text)]),
        new("os reset", SmpHeader.OpWrite, SmpGroup.Os, 5, [new("force", FieldKind.Int)]),
        new("os mcumgr parameters", SmpHeader.OpRead, SmpGroup.Os, 6, []),
        new("os info", SmpHeader.OpRead, SmpGroup.Os, 7, [new("format", FieldKind.Format)]),
        new("image state read", SmpHeader.OpRead, SmpGroup.Image, 0, []),
        new("image state write", SmpHeader.OpWrite, SmpGroup.Image, 0, [new("hash", FieldKind.ImageHash), new("confirm", FieldKind.Bool)]),
        new("image upload", SmpHeader.OpWrite, SmpGroup.Image, 1,
            [new("image", FieldKind.Slot), new("len", FieldKind.Length), new("off", FieldKind.Offset), new("data", FieldKind.ImageData), new("sha", FieldKind.Sha), new("upgrade", FieldKind.Bool)]),
        new("image erase", SmpHeader.OpWrite, SmpGroup.Image, 5, [new("slot", FieldKind.Slot)]),
        new("fota status", SmpHeader.OpRead, FotaGroup.Id, FotaGroup.StatusCommand, []),
        new("fota owner code", SmpHeader.OpWrite, FotaGroup.Id, FotaGroup.CodeCommand,
            [new("action", FieldKind.Action), new("hash", FieldKind.ImageHash), new("challenge", FieldKind.Challenge), new("proof", FieldKind.Proof)]),
        new("log read", SmpHeader.OpRead, LogGroup.Id, 0, [new("after", FieldKind.LogLine)]),
    ];
}
