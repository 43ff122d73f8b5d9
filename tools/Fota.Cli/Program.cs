namespace FotaDevice.Cli;

/// <summary>Entry point of the fota command.</summary>
public static class Program
{
    /// <summary>Runs the command line on the console.</summary>
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error, terminal: !Console.IsErrorRedirected);
}
