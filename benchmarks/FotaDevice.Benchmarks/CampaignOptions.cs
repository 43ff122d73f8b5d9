namespace FotaDevice.Benchmarks;

/// <summary>The options of the reliability suites: how many cut points or frames, the seed, one case to replay.</summary>
public sealed class CampaignOptions
{
    public int? Count { get; private set; }

    public int Seed { get; private set; } = 1;

    public string? Replay { get; private set; }

    /// <summary>Takes <c>--count N</c>, <c>--seed S</c> and <c>--replay ID</c> out of <paramref name="args"/>; the rest are suite names.</summary>
    public static CampaignOptions Take(List<string> args)
    {
        var options = new CampaignOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--count" or "--seed" or "--replay"))
            {
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException(name + " needs a value");
            }

            var value = args[i + 1];
            args.RemoveRange(i, 2);
            i--;
            switch (name)
            {
                case "--count":
                    options.Count = int.TryParse(value, out var count) && count > 0 ? count : throw new ArgumentException("--count takes a positive number, not " + value);
                    break;
                case "--seed":
                    options.Seed = int.TryParse(value, out var seed) ? seed : throw new ArgumentException("--seed takes a number, not " + value);
                    break;
                default:
                    options.Replay = value;
                    break;
            }
        }

        return options;
    }
}
