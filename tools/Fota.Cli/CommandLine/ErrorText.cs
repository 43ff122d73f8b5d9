namespace FotaDevice.Cli.CommandLine;

/// <summary>Error messages as users should read them: no parameter names of the code that threw.</summary>
public static class ErrorText
{
    /// <summary>The exception's message without " (Parameter 'name')".</summary>
    public static string Clean(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return message;
    }
}
