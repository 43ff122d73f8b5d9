using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.Commands;

/// <summary>fota log: what the device said (its RAM log, SMP group 65): "press the button", why an image was refused.</summary>
public sealed class LogCommand : DeviceCommand
{
    private readonly Option<bool> _follow = new("--follow", "-f") { Description = "keep printing new lines until interrupted" };

    public override int Order => 265;

    public override string Name => "log";

    public override string Summary => "print the device's log (its newest lines, kept in RAM), --follow for new ones";

    protected override void DefineOptions(Command command)
    {
        command.Options.Add(_follow);
    }

    protected override async Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        var json = parse.GetValue(CommonOptions.Json);
        var follow = parse.GetValue(_follow);
        long after = 0;
        var all = new List<object>();
        while (true)
        {
            var log = await device.LogAsync(after, context.Cancel);
            if (log.MissedAfter(after) > 0 && !json)
            {
                context.Out.WriteLine($"... ({log.MissedAfter(after)} older lines no longer kept)");
            }

            for (var i = 0; i < log.Lines.Count; i++)
            {
                if (json)
                {
                    all.Add(new { number = log.First + i, line = log.Lines[i] });
                }
                else
                {
                    context.Out.WriteLine(log.Lines[i]);
                }
            }

            var more = log.Lines.Count > 0;
            after = Math.Max(after, log.Last);
            if (more)
            {
                continue; // the reply was full: ask for the rest at once
            }

            if (!follow)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), context.Cancel);
        }

        if (json)
        {
            context.WriteJson(all);
        }

        return ExitCodes.Ok;
    }
}
