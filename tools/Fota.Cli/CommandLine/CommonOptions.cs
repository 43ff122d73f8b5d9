using System.CommandLine;
using FotaDevice.Host.Smp;

namespace FotaDevice.Cli.CommandLine;

/// <summary>Options shared by several commands: one instance each, so every command spells and documents them alike.</summary>
public static class CommonOptions
{
    /// <summary>The environment variable naming the device when --device is not given.</summary>
    public const string DeviceVariable = "FOTA_DEVICE";

    /// <summary>The device when neither --device nor FOTA_DEVICE names one.</summary>
    public const string DefaultDevice = "udp:127.0.0.1:1337";

    /// <summary>--device ADDRESS (or FOTA_DEVICE), for every command that talks to a device; also accepted before the command.</summary>
    public static readonly Option<string> Device = new("--device", "-d")
    {
        Description = $"the device: {DeviceAddress.Forms}; when not given, ${DeviceVariable}, else {DefaultDevice}",
        HelpName = "ADDRESS",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DeviceVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultDevice,
    };

    /// <summary>--passkey CODE: pair with a BLE device that requires it.</summary>
    public static readonly Option<string?> Passkey = new("--passkey")
    {
        Description = "BLE: pair with this passkey (printed on the device; asked for on a terminal if needed)",
        HelpName = "CODE",
    };

    /// <summary>--timeout SECONDS: how long to wait for each answer.</summary>
    public static readonly Option<double?> Timeout = new("--timeout")
    {
        Description = "seconds to wait for the device's first answer to a request (default 2 over UDP, 5 over BLE; each retry waits twice as long)",
        HelpName = "SECONDS",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                result.AddError($"--timeout: '{text}' is not a number of seconds (0.5 is fine)");
                return null;
            }

            if (seconds is not (> 0 and <= 3600))
            {
                result.AddError("--timeout: give seconds between 0 and 3600 (0.5 is fine)");
                return null;
            }

            return seconds;
        },
    };

    /// <summary>--tries N: how often a request is sent before giving up.</summary>
    public static readonly Option<int?> Tries = Numbers.Option("--tries", "how many times a request is sent before giving up (default 3)", "N", 1);

    /// <summary>-v / --verbose: show SMP frames and error details.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "show every SMP frame (decoded and in hex) and the details of errors: --verbosity detailed",
        Recursive = true,
    };

    /// <summary>--verbosity LEVEL.</summary>
    public static readonly Option<Verbosity?> VerbosityLevel = new("--verbosity")
    {
        Description = "quiet (results only), normal, detailed (SMP frames) or diagnostic (also stack traces)",
        HelpName = "LEVEL",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            Verbosity? level = text.ToLowerInvariant() switch
            {
                "q" or "quiet" => Verbosity.Quiet,
                "n" or "normal" => Verbosity.Normal,
                "d" or "detailed" => Verbosity.Detailed,
                "diag" or "diagnostic" => Verbosity.Diagnostic,
                _ => null,
            };
            if (level == null)
            {
                result.AddError($"--verbosity: '{text}' is not quiet, normal, detailed or diagnostic");
            }

            return level;
        },
    };

    /// <summary>--json: print the result as JSON.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "print the result as JSON on standard output (messages stay on standard error)",
    };

    /// <summary>--passphrase-file FILE.</summary>
    public static readonly Option<string?> PassphraseFile = new("--passphrase-file")
    {
        Description = "file holding the key's passphrase (its first line)",
        HelpName = "FILE",
    };
}
