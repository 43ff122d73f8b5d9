namespace FotaDevice.Cli.CommandLine;

/// <summary>The exit codes of every command (the table in docs/fota-cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Failed here: a bad file, image or key, or a check on this machine.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The device refused; its reason is printed.</summary>
    public const int Refused = 3;

    /// <summary>The device needs the owner's approval (a button press, or the power-on window) and did not get it.</summary>
    public const int ApprovalRequired = 4;

    /// <summary>The device did not answer.</summary>
    public const int NoAnswer = 5;
}

/// <summary>Stops a command with a one-line message and an exit code.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;
}
