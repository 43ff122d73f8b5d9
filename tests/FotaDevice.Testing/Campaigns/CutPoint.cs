using FotaDevice.Testing.Storage;

namespace FotaDevice.Testing.Campaigns;

/// <summary>What follows a power cut before the device's state is judged.</summary>
public enum CutFollowUp
{
    /// <summary>The power comes back and the device starts.</summary>
    None,

    /// <summary>The power is cut again during the start that recovers from the first cut (torn too), then it starts once more.</summary>
    SecondCut,

    /// <summary>One bit of a boot-record copy rots while the power is off: a copy whose loss the design must survive (see <see cref="PowerCutCampaign"/>).</summary>
    RecordRot,
}

/// <summary>
/// One cut of the power-cut campaign: the storage operation (1-based, counted from the start of the
/// cycle), how it is torn, what follows, and the seed of everything random in it (the torn prefix,
/// the second cut, the rotted bit). Written <c>SEED:OPERATION:TEAR:FOLLOWUP</c>, the form
/// <c>--replay</c> takes.
/// </summary>
public sealed record CutPoint(int Seed, int Operation, Tear Tear, CutFollowUp FollowUp)
{
    /// <summary>The replayable name of this cut.</summary>
    public string Id => $"{Seed}:{Operation}:{Tear}:{FollowUp}";

    /// <summary>The seed of this cut's own random choices (stable across runs and processes).</summary>
    public int Mix => unchecked((((Seed * 1_000_003) + Operation) * 31 + (int)Tear) * 7 + (int)FollowUp);

    /// <summary>Reads a cut's name as <see cref="Id"/> writes it.</summary>
    public static CutPoint Parse(string id)
    {
        var parts = id.Split(':');
        if (parts.Length != 4 || !int.TryParse(parts[0], out var seed) || !int.TryParse(parts[1], out var operation) || operation < 1
            || !Enum.TryParse<Tear>(parts[2], true, out var tear) || !Enum.TryParse<CutFollowUp>(parts[3], true, out var followUp))
        {
            throw new FormatException($"a cut point is SEED:OPERATION:TEAR:FOLLOWUP (tears {string.Join(", ", Enum.GetNames<Tear>())}; follow-ups {string.Join(", ", Enum.GetNames<CutFollowUp>())}), not \"{id}\"");
        }

        return new CutPoint(seed, operation, tear, followUp);
    }
}
