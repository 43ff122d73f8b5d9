using System.CommandLine;
using System.Net;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Approval;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update.Approval;

namespace FotaDevice.Cli.Commands;

/// <summary>fota sim: the virtual device, reachable by any SMP client over UDP.</summary>
public sealed class SimCommand : FotaCommand
{
    private readonly Option<string[]> _keys = Repeatable("--key", "PUB.pem", "a public key the device trusts");
    private readonly Option<string?> _state = Text("--state", "DIR", "where the device keeps its storage (default .fota-sim)");
    private readonly Option<int?> _port = Numbers.Between("--port", "UDP port to listen on (default 1337)", "PORT", 1, 65535);
    private readonly Option<string?> _bind = Text("--bind", "ADDRESS", "address to listen on (default 127.0.0.1)");
    private readonly Option<string?> _product = Text("--product", "ID", "the product id images must carry (default virtual-device)");
    private readonly Option<int?> _slotSize = Numbers.Option("--slot-size", "capacity of each slot (default 1048576 = 0x100000)", "BYTES", 64);
    private readonly Option<string?> _policy = Text("--policy", "POLICY", "approval: either (default: button or window), button, window, code, button+code, window+code or any");
    private readonly Option<string?> _code = Text("--code", "CODE", "the device's printed owner code (fota code new); the policy then defaults to any");
    private readonly Option<int?> _window = Numbers.Option("--window", "power-on approval window (default 90)", "SECONDS", 0);
    private readonly Option<int?> _signatureTime = Numbers.Option("--signature-ms", "each signature check takes at least this long, as on an ESP32 (P-256: about 1300-3400; default 0)", "MS", 0);

    public override int Order => 310;

    public override string Name => "sim";

    public override string Summary => "run a virtual device: the device code over files, SMP over UDP, a button on the console";

    public override string Details =>
        "The virtual device runs the same device code as the ESP32: boot decision, update engine, SMP server,\n" +
        "boot shim. Its slots and boot records are files in --state (kept between runs: a killed process is a\n" +
        "power cut). It listens on udp:127.0.0.1:PORT for any SMP client (fota, mcumgr, smpmgr).\n" +
        "Console: b = press the button, r = restart, s = status, q = quit. 'kill -USR1 PID' presses the button too.\n" +
        "Nothing received over the network can press the button.";

    protected override void Define(Command command)
    {
        _policy.CompletionSources.Add(ApprovalPolicyNames.All.Skip(1).ToArray());
        command.Options.Add(_keys);
        command.Options.Add(CommonOptions.PassphraseFile);
        command.Options.Add(_state);
        command.Options.Add(_port);
        command.Options.Add(_bind);
        command.Options.Add(_product);
        command.Options.Add(_slotSize);
        command.Options.Add(_policy);
        command.Options.Add(_window);
        command.Options.Add(_code);
        command.Options.Add(_signatureTime);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var keys = CommandHelpers.PublicKeys(parse, _keys);
        if (keys.Count == 0)
        {
            throw new CliException("give the key(s) the device trusts: --key PUB.pem (fota keygen makes one)", ExitCodes.Usage);
        }

        var code = parse.GetValue(_code) is { } typed ? CodeCommand.Parse(typed) : null;
        var policyName = parse.GetValue(_policy) ?? (code != null ? "any" : "either");
        if (!ApprovalPolicyNames.TryParse(policyName, out var policy))
        {
            throw new CliException($"unknown policy '{policyName}' ({string.Join(", ", ApprovalPolicyNames.All.Skip(1))})", ExitCodes.Usage);
        }

        var approval = new ApprovalSettings
        {
            Policy = policy,
            WindowMilliseconds = (parse.GetValue(_window) ?? 90) * 1000,
            OwnerCode = code == null ? null : OwnerCodeKeys.Provision(code).ForDevice(),
            Random = new SystemRandomSource(),
        };
        var options = new VirtualDeviceOptions
        {
            StateDirectory = parse.GetValue(_state) ?? ".fota-sim",
            TrustedKeys = keys,
            ProductId = parse.GetValue(_product) ?? "virtual-device",
            SlotSize = parse.GetValue(_slotSize) ?? 1024 * 1024,
            Approval = approval,
            SignatureCheckTime = TimeSpan.FromMilliseconds(parse.GetValue(_signatureTime) ?? 0),
        };
        var address = IPAddress.TryParse(parse.GetValue(_bind) ?? "127.0.0.1", out var parsed) ? parsed : throw new CliException("--bind: not an IP address", ExitCodes.Usage);
        if (File.Exists(options.StateDirectory))
        {
            throw new CliException($"--state {options.StateDirectory}: a file, not a folder");
        }

        var endpoint = new IPEndPoint(address, parse.GetValue(_port) ?? 1337);
        try
        {
            // Tried before the device starts, so a port in use or an address not of this machine leaves --state untouched.
            using var probe = new System.Net.Sockets.UdpClient(endpoint);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new CliException($"cannot listen on {endpoint}: {e.Message}");
        }

        var log = new ConsoleLog(context.Out);
        var device = new VirtualDevice(options, log);
        using var runner = new VirtualDeviceRunner(device, engine => UdpSmpHost.For(engine, new SmpServerSettings { BufferCount = 4, DeviceName = "virtual-device", Machine = "virtual", Log = device.Log }), log);
        runner.Start(endpoint);
        runner.RunConsole(context.In, context.Out, context.Cancel);
        return Task.FromResult(ExitCodes.Ok);
    }
}
