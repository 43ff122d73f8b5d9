using FotaDevice.NanoSubsetCheck;

// NanoSubsetCheck ASSEMBLY... [--api FILE]... [--own-prefix PREFIX]
// Prints violations in MSBuild's error format and exits 1 if there are any.
var assemblies = new List<string>();
var apiFiles = new List<string>();
var ownPrefix = "FotaDevice.";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--api" when i + 1 < args.Length:
            apiFiles.Add(args[++i]);
            break;
        case "--own-prefix" when i + 1 < args.Length:
            ownPrefix = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: NanoSubsetCheck ASSEMBLY... [--api FILE]... [--own-prefix PREFIX]");
            Console.WriteLine("Checks .NET builds of device assemblies against the nanoFramework v1 subset.");
            Console.WriteLine("Without --api, the API lists beside this tool (api/*.txt) are used.");
            return 0;
        default:
            assemblies.Add(args[i]);
            break;
    }
}

if (assemblies.Count == 0)
{
    Console.Error.WriteLine("NanoSubsetCheck: error NF000: no assembly given (see --help)");
    return 2;
}

if (apiFiles.Count == 0)
{
    apiFiles.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "api"), "*.txt").Order(StringComparer.Ordinal));
}

var checker = new SubsetChecker(ApiSurface.Load(apiFiles), ownPrefix);
var failed = 0;
foreach (var assembly in assemblies)
{
    if (!File.Exists(assembly))
    {
        Console.Error.WriteLine($"{assembly}: error NF000: file not found");
        return 2;
    }

    foreach (var violation in checker.Check(assembly))
    {
        failed++;
        var where = violation.Where.Count == 0 ? string.Empty : " [in " + string.Join(", ", violation.Where.Take(4)) + (violation.Where.Count > 4 ? ", ..." : string.Empty) + "]";
        Console.Error.WriteLine($"{assembly}: error {violation.Code}: {violation.Message}{where}");
    }
}

if (failed == 0)
{
    Console.WriteLine($"NanoSubsetCheck: {assemblies.Count} assembly(ies) within the nanoFramework v1 subset");
}

return failed == 0 ? 0 : 1;
