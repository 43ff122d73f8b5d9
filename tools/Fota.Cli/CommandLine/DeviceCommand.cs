using System.CommandLine;
using FotaDevice.Host.Ble;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.CommandLine;

/// <summary>
/// A command that talks to a device over SMP: --device (or FOTA_DEVICE), --timeout and --tries,
/// SMP frames shown with -v, and the device's answers turned into exit codes.
/// </summary>
public abstract class DeviceCommand : FotaCommand
{
    /// <summary>The options every device command takes (also accepted before the command).</summary>
    public static readonly Option[] ConnectionOptions = [CommonOptions.Device, CommonOptions.Passkey, CommonOptions.Timeout, CommonOptions.Tries];

    /// <summary>True if the command reports a result that --json can print.</summary>
    protected virtual bool Reports => true;

    /// <inheritdoc/>
    protected sealed override void Define(Command command)
    {
        foreach (var option in ConnectionOptions)
        {
            command.Options.Add(option);
        }

        if (Reports)
        {
            command.Options.Add(CommonOptions.Json);
        }

        DefineOptions(command);
    }

    /// <summary>Adds the command's own arguments and options.</summary>
    protected abstract void DefineOptions(Command command);

    /// <inheritdoc/>
    public sealed override async Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var address = parse.GetValue(CommonOptions.Device) ?? CommonOptions.DefaultDevice;
        SmpClient client;
        try
        {
            var ask = Console.IsInputRedirected || Console.IsOutputRedirected || !context.IsTerminal
                ? null
                : new Func<string, string?>(device => { context.Error.Write($"passkey for {device}: "); return context.In.ReadLine(); });
            client = SmpClient.Connect(address, new BleOptions { Passkey = parse.GetValue(CommonOptions.Passkey), AskPasskey = ask });
        }
        catch (BleException e)
        {
            throw new CliException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ErrorText.Clean(e), ExitCodes.Usage);
        }

        using (client)
        {
            if (parse.GetValue(CommonOptions.Timeout) is { } seconds)
            {
                client.Timeout = TimeSpan.FromSeconds(seconds); // else the link's own (2 s UDP, 5 s BLE)
            }

            client.Attempts = parse.GetValue(CommonOptions.Tries) ?? 3;
            if (context.Verbosity >= Verbosity.Detailed)
            {
                client.Trace = frame => context.Error.Write(SmpFrameText.Describe(frame));
            }

            try
            {
                return await RunAsync(new SmpDevice(client), parse, context);
            }
            catch (SmpException e) when (e.Rc == SmpException.AccessDenied)
            {
                throw new CliException("approval required: " + (e.Reason ?? "the owner must approve on the device"), ExitCodes.ApprovalRequired);
            }
            catch (SmpException e)
            {
                throw new CliException("the device refused: " + e.Message, ExitCodes.Refused);
            }
            catch (SmpTimeoutException e)
            {
                throw new CliException(e.Message, ExitCodes.NoAnswer);
            }
            catch (BleException e)
            {
                throw new CliException(e.Message);
            }
        }
    }

    /// <summary>Runs the command against the device.</summary>
    protected abstract Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context);
}
