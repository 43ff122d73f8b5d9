namespace FotaDevice.Cli;

/// <summary>Entry point of the fota command.</summary>
public static class Program
{
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
