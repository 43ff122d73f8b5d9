namespace FotaDevice.NanoSubsetCheck;

/// <summary>
/// The public API of the nanoFramework v1 assemblies device code may use, read from text files:
/// <code>
/// T System.Collections.ArrayList                        a type
/// System.Collections.ArrayList::Add(System.Object)      a method (constructors are .ctor)
/// System.String::Empty                                  a field
/// </code>
/// Only members declared on a type are listed; a comment <c># System.Int32: struct : System.ValueType</c>
/// names a type's base, and a member is found on the type or any of its bases, as the runtime
/// resolves it. Other lines starting with '#' and blank lines are ignored.
/// </summary>
internal sealed class ApiSurface
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _baseTypes = new(StringComparer.Ordinal);

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
        if (line.Length == 0)
        {
            return;
        }

        if (line[0] == '#')
        {
            AddBaseTypeComment(line);
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

    /// <summary>A method, by type (or a base of it), name and parameter types.</summary>
    public bool HasMethod(string type, string name, IEnumerable<string> parameters)
        => HasMember(type, name + "(" + string.Join(",", parameters) + ")");

    /// <summary>A field, by type (or a base of it) and name.</summary>
    public bool HasField(string type, string name) => HasMember(type, name);

    private bool HasMember(string type, string member)
    {
        for (var current = type; current != null; current = _baseTypes.GetValueOrDefault(current))
        {
            if (_openTypes.Contains(current) || _members.Contains(current + "::" + member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads "# Type: kind [: Base] [; implements ...]" comments; the kind implies the base when none is named.</summary>
    private void AddBaseTypeComment(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return;
        }

        var type = line[1..colon].Trim();
        if (type.Length == 0 || type.Contains(' ', StringComparison.Ordinal))
        {
            return;
        }

        var parts = line[(colon + 2)..].Split(';')[0].Split(':');
        var kind = parts[0].Trim();
        var named = parts.Length == 2 ? parts[1].Trim() : null;
        var baseType = named ?? (kind.EndsWith("struct", StringComparison.Ordinal) ? "System.ValueType"
            : kind.EndsWith("enum", StringComparison.Ordinal) ? "System.Enum"
            : kind.EndsWith("delegate", StringComparison.Ordinal) ? "System.MulticastDelegate"
            : kind.EndsWith("class", StringComparison.Ordinal) && type != "System.Object" ? "System.Object"
            : null);
        if (baseType != null)
        {
            _baseTypes[type] = baseType;
        }
    }
}
