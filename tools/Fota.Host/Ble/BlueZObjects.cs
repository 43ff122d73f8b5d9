using Tmds.DBus.Protocol;

namespace FotaDevice.Host.Ble;

/// <summary>The properties of one interface of one object.</summary>
public sealed class BlueZProperties(Dictionary<string, VariantValue> values)
{
    public Dictionary<string, VariantValue> Values { get; } = values;

    public string? Text(string name) => Values.TryGetValue(name, out var v) && v.Type is VariantValueType.String or VariantValueType.ObjectPath ? (v.Type == VariantValueType.String ? v.GetString() : v.GetObjectPathAsString()) : null;

    public bool? Bool(string name) => Values.TryGetValue(name, out var v) && v.Type == VariantValueType.Bool ? v.GetBool() : null;

    public short? Int16(string name) => Values.TryGetValue(name, out var v) && v.Type == VariantValueType.Int16 ? v.GetInt16() : null;

    public ushort? UInt16(string name) => Values.TryGetValue(name, out var v) && v.Type == VariantValueType.UInt16 ? v.GetUInt16() : null;

    public string[] Strings(string name) => Values.TryGetValue(name, out var v) && v.Type == VariantValueType.Array && v.ItemType == VariantValueType.String ? v.GetArray<string>() : [];

    public bool Has(string name) => Values.ContainsKey(name);

    /// <summary>Takes the changed values of a PropertiesChanged signal.</summary>
    public void Update(Dictionary<string, VariantValue> changed, string[] invalidated)
    {
        foreach (var (name, value) in changed)
        {
            Values[name] = value;
        }

        foreach (var name in invalidated)
        {
            Values.Remove(name);
        }
    }
}

/// <summary>What BlueZ's ObjectManager reports: object path → interface → properties.</summary>
public sealed class BlueZObjects(Dictionary<string, Dictionary<string, BlueZProperties>> objects)
{
    public Dictionary<string, Dictionary<string, BlueZProperties>> Objects { get; } = objects;

    /// <summary>The objects with <paramref name="iface"/>, by path.</summary>
    public IEnumerable<(string Path, BlueZProperties Properties)> With(string iface) =>
        Objects.Where(o => o.Value.ContainsKey(iface)).Select(o => (o.Key, o.Value[iface])).OrderBy(o => o.Key, StringComparer.Ordinal);

    /// <summary>The SMP characteristic of the device at <paramref name="devicePath"/>, if its services are known.</summary>
    public (string Path, BlueZProperties Properties)? SmpCharacteristic(string devicePath)
    {
        var services = With(BlueZNames.GattService)
            .Where(s => s.Properties.Text("Device") == devicePath && string.Equals(s.Properties.Text("UUID"), BlueZNames.SmpService, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Path)
            .ToHashSet();
        foreach (var c in With(BlueZNames.GattCharacteristic))
        {
            if (services.Contains(c.Properties.Text("Service") ?? string.Empty) && string.Equals(c.Properties.Text("UUID"), BlueZNames.SmpCharacteristic, StringComparison.OrdinalIgnoreCase))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Reads an a{oa{sa{sv}}} (GetManagedObjects' reply).</summary>
    internal static BlueZObjects Read(ref Reader reader)
    {
        var objects = new Dictionary<string, Dictionary<string, BlueZProperties>>(StringComparer.Ordinal);
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var path = reader.ReadObjectPathAsString();
            objects[path] = ReadInterfaces(ref reader);
        }

        return new BlueZObjects(objects);
    }

    /// <summary>Reads an a{sa{sv}} (one object's interfaces, as InterfacesAdded gives them).</summary>
    internal static Dictionary<string, BlueZProperties> ReadInterfaces(ref Reader reader)
    {
        var interfaces = new Dictionary<string, BlueZProperties>(StringComparer.Ordinal);
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var name = reader.ReadString();
            interfaces[name] = new BlueZProperties(reader.ReadDictionaryOfStringToVariantValue());
        }

        return interfaces;
    }
}
