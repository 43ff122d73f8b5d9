using System.CommandLine;
using FotaDevice.Cli.CommandLine;

namespace FotaDevice.Cli.Commands;

/// <summary>fota completion: a shell script that completes fota's commands and options through its [suggest] directive.</summary>
public sealed class CompletionCommand : FotaCommand
{
    private readonly Argument<string> _shell = new("SHELL") { Description = "bash, zsh or pwsh", Arity = ArgumentArity.ExactlyOne };

    public override int Order => 910;

    public override string Name => "completion";

    public override string Summary => "print a tab-completion script for bash, zsh or pwsh";

    public override string Details =>
        "bash: fota completion bash >> ~/.bashrc     zsh: fota completion zsh >> ~/.zshrc\n" +
        "pwsh: fota completion pwsh >> $PROFILE\n" +
        "The script asks fota itself ('fota [suggest:POSITION] \"LINE\"', System.CommandLine's directive): commands,\n" +
        "options and their values complete as this version of fota knows them. dotnet-suggest works too.";

    protected override void Define(Command command)
    {
        _shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        command.Arguments.Add(_shell);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        context.Out.Write(parse.GetRequiredValue(_shell) switch
        {
            "bash" => Bash,
            "zsh" => Zsh,
            _ => Pwsh,
        });
        return Task.FromResult(ExitCodes.Ok);
    }

    private const string Bash = """
        # fota completion (bash)
        _fota_complete() {
            local line="${COMP_LINE#*fota}"
            local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(fota "[suggest:${position}]" "${line}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _fota_complete fota

        """;

    private const string Zsh = """
        # fota completion (zsh)
        _fota_complete() {
            local line="${BUFFER#*fota}"
            local position=$(( CURSOR - ${#BUFFER} + ${#line} ))
            local -a completions
            completions=("${(@f)$(fota "[suggest:${position}]" "${line}" 2>/dev/null)}")
            compadd -a completions
        }
        compdef _fota_complete fota

        """;

    private const string Pwsh = """
        # fota completion (PowerShell)
        Register-ArgumentCompleter -Native -CommandName fota -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $text = $commandAst.ToString()
            $start = $text.IndexOf('fota') + 4
            $line = $text.Substring($start)
            fota "[suggest:$($cursorPosition - $commandAst.Extent.StartOffset - $start)]" "$line" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
