namespace FotaDevice.Testing.Fuzz;

/// <summary>
/// One frame of the fuzz campaign: the seed, the batch (a fresh device each) and the frame's index in
/// it. Written <c>SEED:BATCH:FRAME</c>, the form <c>--replay</c> takes; a replay runs the batch from its
/// first frame to this one.
/// </summary>
public sealed record FuzzCase(int Seed, int Batch, int Frame)
{
    public string Id => $"{Seed}:{Batch}:{Frame}";

    /// <summary>The seed of the batch's frames (stable across runs and processes).</summary>
    public int BatchMix => unchecked(Seed * 1_000_003 + Batch);

    public static FuzzCase Parse(string id)
    {
        var parts = id.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[0], out var seed) || !int.TryParse(parts[1], out var batch) || batch < 0
            || !int.TryParse(parts[2], out var frame) || frame < 0 || frame >= SmpFuzzCampaign.FramesPerBatch)
        {
            throw new FormatException($"a fuzz case is SEED:BATCH:FRAME (frame below {SmpFuzzCampaign.FramesPerBatch}), not \"{id}\"");
        }

        return new FuzzCase(seed, batch, frame);
    }
}
