namespace FotaDevice.Cli;

/// <summary>Entry point of the fota command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("fota: FotaDevice command-line tool");
        return 0;
    }
}
