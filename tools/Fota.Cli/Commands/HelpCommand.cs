using System.CommandLine;
using FotaDevice.Cli.CommandLine;

namespace FotaDevice.Cli.Commands;

/// <summary>fota help [COMMAND]: the same as fota [COMMAND] --help.</summary>
public sealed class HelpCommand : FotaCommand
{
    private readonly Argument<string?> _command = new("COMMAND") { Description = "the command to explain", Arity = ArgumentArity.ZeroOrOne };

    public override int Order => 900;

    public override string Name => "help";

    public override string Summary => "explain a command: fota help upload is fota upload --help";

    protected override void Define(Command command)
    {
        _command.CompletionSources.Add(_ => Cli.Commands.Select(c => c.Name));
        command.Arguments.Add(_command);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var name = parse.GetValue(_command);
        if (name != null && Cli.Commands.All(c => c.Name != name))
        {
            throw new CliException($"unknown command '{name}'", ExitCodes.Usage);
        }

        return Cli.RunAsync(name == null ? ["--help"] : [name, "--help"], context);
    }
}
