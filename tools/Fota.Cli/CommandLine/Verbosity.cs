namespace FotaDevice.Cli.CommandLine;

/// <summary>How much a command prints besides its result (<c>--verbosity</c>, <c>-v</c>).</summary>
public enum Verbosity
{
    /// <summary>Results and errors only: no progress, no notes.</summary>
    Quiet,

    /// <summary>Results, progress, notes and warnings (the default).</summary>
    Normal,

    /// <summary>Also every SMP frame exchanged with the device, decoded and in hex (<c>-v</c>).</summary>
    Detailed,

    /// <summary>Also the details (stack) of an unexpected error.</summary>
    Diagnostic,
}
