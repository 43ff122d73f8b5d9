using System.Net;
using FotaDevice.Host.Keys;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update.Approval;

namespace FotaDevice.Cli.Commands;

/// <summary>fota sim: the virtual device, reachable by any SMP client over UDP.</summary>
public sealed class SimCommand : Command
{
    public override string Name => "sim";

    public override string Summary => "run a virtual device: the device code over files, SMP over UDP, a button on the console";

    public override string Usage => "--key PUB.pem [--key ...] [--state DIR] [--port 1337] [--product ID] [--slot-size BYTES] [--policy either|button|window] [--window SECONDS]";

    public override string Details =>
        "The virtual device runs the same device code as the ESP32: boot decision, update engine, SMP server,\n" +
        "boot shim. Its slots and boot records are files in --state (kept between runs: a killed process is a\n" +
        "power cut). It listens on udp:127.0.0.1:PORT for any SMP client (fota, mcumgr, smpmgr).\n" +
        "Console: b = press the button, r = restart, s = status, q = quit. 'kill -USR1 PID' presses the button too.\n" +
        "Nothing received over the network can press the button.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("key", "PUB.pem", "a public key the device trusts", Repeatable: true),
        new("state", "DIR", "where the device keeps its storage (default .fota-sim)"),
        new("port", "PORT", "UDP port on 127.0.0.1 (default 1337)"),
        new("bind", "ADDRESS", "address to listen on (default 127.0.0.1)"),
        new("product", "ID", "the product id images must carry (default virtual-device)"),
        new("slot-size", "BYTES", "capacity of each slot (default 1048576)"),
        new("policy", "POLICY", "approval: either (default), button or window"),
        new("window", "SECONDS", "power-on approval window (default 90)"),
    ];

    public override int Run(Arguments args, CliContext context)
    {
        var keys = args.All("key").Select(k => PublicKeyFile.Load(k).SubjectPublicKeyInfo).ToList();
        if (keys.Count == 0)
        {
            throw new CliException("give the key(s) the device trusts: --key PUB.pem (fota keygen makes one)", ExitCodes.Usage);
        }

        var approval = new ApprovalSettings
        {
            Policy = (args.Get("policy") ?? "either") switch
            {
                "either" => ApprovalPolicy.Either,
                "button" => ApprovalPolicy.ButtonOnly,
                "window" => ApprovalPolicy.WindowOnly,
                var other => throw new CliException($"unknown policy '{other}' (either, button or window)", ExitCodes.Usage),
            },
            WindowMilliseconds = (args.GetInt("window") ?? 90) * 1000,
        };
        var options = new VirtualDeviceOptions
        {
            StateDirectory = args.Get("state") ?? ".fota-sim",
            TrustedKeys = keys,
            ProductId = args.Get("product") ?? "virtual-device",
            SlotSize = args.GetInt("slot-size") ?? 1024 * 1024,
            Approval = approval,
        };
        var address = IPAddress.TryParse(args.Get("bind") ?? "127.0.0.1", out var parsed) ? parsed : throw new CliException("--bind: not an IP address", ExitCodes.Usage);
        var log = new ConsoleLog(context.Out);
        var device = new VirtualDevice(options, log);
        using var runner = new VirtualDeviceRunner(device, engine => UdpSmpHost.For(engine, new SmpServerSettings { BufferCount = 4, DeviceName = "virtual-device", Machine = "virtual" }), log);
        runner.Start(new IPEndPoint(address, args.GetInt("port") ?? 1337));

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        runner.RunConsole(Console.In, context.Out, stop.Token);
        return ExitCodes.Ok;
    }
}
