using FotaDevice.Update.Boot;

namespace FotaDevice.Tests.Fakes;

/// <summary>A slot verifier whose answers the test sets, counting how often each slot was checked.</summary>
public sealed class ScriptedVerifier : ISlotVerifier
{
    private readonly Dictionary<int, SlotVerdict> _verdicts = new();

    public Dictionary<int, int> Checks { get; } = new();

    public void Valid(int slot, int major, int minor = 0, int revision = 0, uint counter = 0)
        => _verdicts[slot] = new SlotVerdict
        {
            Bootable = true,
            Version = new FotaDevice.Image.ImageVersion(major, minor, revision, 0),
            SecurityCounter = counter,
        };

    public void Invalid(int slot, string reason) => _verdicts[slot] = new SlotVerdict { Bootable = false, Reason = reason };

    public void Empty(int slot) => _verdicts.Remove(slot);

    public SlotVerdict Verify(int slot)
    {
        Checks[slot] = Checks.GetValueOrDefault(slot) + 1;
        return _verdicts.TryGetValue(slot, out var verdict)
            ? verdict
            : new SlotVerdict { Bootable = false, Empty = true, Reason = "slot is empty" };
    }
}
