namespace FotaDevice.NanoSubsetCheck;

/// <summary>
/// The public API of the nanoFramework v1 assemblies device code may use, read from text files:
/// <code>
/// T System.Collections.ArrayList                        a type
/// System.Collections.ArrayList::Add(System.Object)      a method (constructors are .ctor)
/// System.String::Empty                                  a field
/// </code>
/// Lines starting with '#' and blank lines are ignored.
/// </summary>
internal sealed class ApiSurface
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openTypes = new(StringComparer.Ordinal);

    public int TypeCount => _types.Count;

    public int MemberCount => _members.Count;

    public static ApiSurface Load(IEnumerable<string> files)
    {
        var surface = new ApiSurface();
        foreach (var file in files)
        {
            foreach (var raw in File.ReadLines(file))
            {
                surface.Add(raw);
            }
        }

        return surface;
    }

    public void Add(string raw)
    {
        var line = raw.Trim();
        if (line.Length == 0 || line[0] == '#')
        {
            return;
        }

        if (line.StartsWith("T ", StringComparison.Ordinal))
        {
            _types.Add(line[2..].Trim());
            return;
        }

        var sep = line.IndexOf("::", StringComparison.Ordinal);
        if (sep <= 0)
        {
            throw new FormatException("API line is neither 'T Type' nor 'Type::Member': " + line);
        }

        _types.Add(line[..sep]);
        _members.Add(line.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>Accepts every member of a type (used for host-only compiler lowerings).</summary>
    public void AddOpenType(string fullName) => _openTypes.Add(fullName);

    public bool HasType(string fullName) => _types.Contains(fullName);

    /// <summary>A method, by declaring type, name and parameter types.</summary>
    public bool HasMethod(string type, string name, IEnumerable<string> parameters)
        => _openTypes.Contains(type) || _members.Contains(type + "::" + name + "(" + string.Join(",", parameters) + ")");

    /// <summary>A field, by declaring type and name.</summary>
    public bool HasField(string type, string name) => _openTypes.Contains(type) || _members.Contains(type + "::" + name);
}
