using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota test / fota confirm: switch images, which needs the owner at the device.</summary>
public sealed class SwitchCommand(bool permanent) : DeviceCommand
{
    public override string Name => permanent ? "confirm" : "test";

    public override string Summary => permanent
        ? "keep the running image (no HASH), or switch to the image HASH for good (needs approval)"
        : "run the image HASH (or the newest, --latest) on trial after the next reset (needs approval)";

    public override string Usage => (permanent ? "[HASH]" : "HASH|--latest") + " [--wait SECONDS] [--device udp:HOST:PORT|ble:NAME] [--passkey CODE]";

    public override string Details =>
        "Switching needs the owner at the device: a button press, or a request within the window after power-on.\n" +
        "Without it the device answers 'approval required' and waits 60 s for a press; --wait keeps asking\n" +
        "until the switch is staged (or the time is up). Then 'fota reset' makes it happen.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        DeviceOption,
        PasskeyOption,
        new("latest", null, "the image in the other slot (the one just uploaded)"),
        new("wait", "SECONDS", "wait this long for the owner to press the button"),
    ];

    protected override async Task<int> RunAsync(SmpDevice device, Arguments args, CliContext context)
    {
        byte[]? hash = null;
        if (args.Has("latest"))
        {
            var other = (await device.ListAsync()).FirstOrDefault(s => !s.Active && s.Hash.Length == 32)
                ?? throw new CliException("no complete image besides the running one: upload one first");
            hash = other.Hash;
        }
        else if (args.Positional.Count > 0)
        {
            hash = ParseHash(args.Single("the image hash"));
        }
        else if (!permanent)
        {
            throw new CliException("give the image's HASH (see fota list) or --latest", ExitCodes.Usage);
        }

        var wait = TimeSpan.FromSeconds(args.GetInt("wait") ?? 0);
        var deadline = DateTime.UtcNow + wait;
        var asked = false;
        while (true)
        {
            try
            {
                var slots = hash == null ? await device.ConfirmAsync(null) : permanent ? await device.ConfirmAsync(hash) : await device.TestAsync(hash);
                context.Out.WriteLine(hash == null ? "the running image is confirmed" : permanent ? "switch staged for good: 'fota reset' to restart into it" : "trial staged: 'fota reset' to restart into it");
                PrintSlots(slots, context.Out);
                return ExitCodes.Ok;
            }
            catch (SmpException e) when (e.Rc == 11)
            {
                if (!asked)
                {
                    context.Out.WriteLine($"approval required: {e.Reason ?? "press the button on the device"}");
                    asked = true;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    if (wait > TimeSpan.Zero)
                    {
                        throw new CliException("nobody approved on the device in time");
                    }

                    return ExitCodes.Failed;
                }

                // The device stages the switch itself when the button is pressed; see whether it did.
                await Task.Delay(500);
                var staged = (await device.ListAsync()).FirstOrDefault(s => s.Hash.AsSpan().SequenceEqual(hash));
                if (staged is { Pending: true })
                {
                    context.Out.WriteLine("approved on the device: 'fota reset' to restart into it");
                    return ExitCodes.Ok;
                }
            }
        }
    }

    private static byte[] ParseHash(string text)
    {
        try
        {
            var hash = Convert.FromHexString(text);
            return hash.Length == 32 ? hash : throw new CliException($"a hash is 32 bytes (64 hex digits), this one is {hash.Length}", ExitCodes.Usage);
        }
        catch (FormatException)
        {
            throw new CliException($"not a hex hash: {text}", ExitCodes.Usage);
        }
    }
}
