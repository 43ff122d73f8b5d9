using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>The device's images, for people and for --json.</summary>
internal static class SlotTable
{
    /// <summary>Prints the slots as a table; a slot that is not bootable gets a line saying why.</summary>
    public static void Print(IReadOnlyList<SlotState> slots, TextWriter output)
    {
        if (slots.Count == 0)
        {
            output.WriteLine("no images on the device");
            return;
        }

        output.WriteLine("slot  version        flags                                hash");
        foreach (var s in slots)
        {
            var flags = string.Join(" ", Flags(s));
            output.WriteLine($"{Name(s.Slot),-5} {s.Version,-14} {flags,-36} {Convert.ToHexStringLower(s.Hash)}".TrimEnd());
            if (!s.Bootable)
            {
                output.WriteLine($"      not bootable: {s.Reason ?? "the device gives no reason (its log says why)"}");
            }
        }
    }

    /// <summary>The slots as JSON objects.</summary>
    public static List<SlotReport> Report(IReadOnlyList<SlotState> slots) =>
        slots.Select(s => new SlotReport(Name(s.Slot), s.Version, Convert.ToHexStringLower(s.Hash), s.Active, s.Confirmed, s.Pending, s.Permanent, s.Bootable, s.Reason)).ToList();

    /// <summary>"A" or "B".</summary>
    public static string Name(int slot) => slot switch { 0 => "A", 1 => "B", _ => "none" };

    private static IEnumerable<string> Flags(SlotState s)
    {
        if (s.Active)
        {
            yield return "active";
        }

        if (s.Confirmed)
        {
            yield return "confirmed";
        }

        if (s.Pending)
        {
            yield return "pending";
        }

        if (s.Permanent)
        {
            yield return "permanent";
        }

        yield return s.Bootable ? "bootable" : "NOT-bootable";
    }
}

/// <summary>One slot in JSON.</summary>
internal sealed record SlotReport(string Slot, string Version, string Hash, bool Active, bool Confirmed, bool Pending, bool Permanent, bool Bootable, string? Reason);
