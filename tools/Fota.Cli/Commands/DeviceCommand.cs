using FotaDevice.Host.Ble;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>A command that talks to a device over SMP: the shared --device option and error wording.</summary>
public abstract class DeviceCommand : Command
{
    /// <summary>--device, shared by every device command.</summary>
    protected static readonly OptionSpec DeviceOption = new("device", "ADDRESS", "the device: udp:HOST[:PORT] (default udp:127.0.0.1:1337), ble:NAME or ble:AA:BB:CC:DD:EE:FF");

    /// <summary>--passkey, for BLE devices that require pairing.</summary>
    protected static readonly OptionSpec PasskeyOption = new("passkey", "CODE", "BLE: pair with this passkey (printed on the device; asked for if needed)");

    public sealed override int Run(Arguments args, CliContext context)
    {
        SmpClient client;
        try
        {
            var ask = Console.IsInputRedirected || Console.IsOutputRedirected ? null : new Func<string, string?>(device => { context.Error.Write($"passkey for {device}: "); return Console.ReadLine(); });
            client = SmpClient.Connect(args.Get("device") ?? "udp:127.0.0.1:1337", new BleOptions { Passkey = args.Get("passkey"), AskPasskey = ask });
        }
        catch (BleException e)
        {
            throw new CliException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }

        using (client)
        {
            try
            {
                return RunAsync(new SmpDevice(client), args, context).GetAwaiter().GetResult();
            }
            catch (SmpException e)
            {
                throw new CliException("the device refused: " + e.Message);
            }
            catch (SmpTimeoutException e)
            {
                throw new CliException(e.Message);
            }
        }
    }

    protected abstract Task<int> RunAsync(SmpDevice device, Arguments args, CliContext context);

    /// <summary>Prints the slots as a table.</summary>
    protected static void PrintSlots(IReadOnlyList<SlotState> slots, TextWriter output)
    {
        if (slots.Count == 0)
        {
            output.WriteLine("no images on the device");
            return;
        }

        output.WriteLine("slot  version        flags                                hash");
        foreach (var s in slots)
        {
            var flags = string.Join(" ", new[] { (s.Active, "active"), (s.Confirmed, "confirmed"), (s.Pending, "pending"), (s.Permanent, "permanent"), (s.Bootable, "bootable") }.Where(f => f.Item1).Select(f => f.Item2));
            output.WriteLine($"{(s.Slot == 0 ? "A" : "B"),-5} {s.Version,-14} {flags,-36} {Convert.ToHexStringLower(s.Hash)}");
        }
    }
}
