using System.Text;

namespace FotaDevice.Testing.Fuzz;

/// <summary>
/// Raw CBOR, byte by byte, so a frame can be anything: well formed, or with counts that lie,
/// indefinite lengths, tags, floats, simple values and nesting past any limit.
/// </summary>
internal sealed class CborBytes
{
    private readonly List<byte> _bytes = new(256);

    public int Length => _bytes.Count;

    public byte[] ToArray() => _bytes.ToArray();

    public void Clear() => _bytes.Clear();

    /// <summary>A head: major type and argument, in the shortest form (or a longer one when <paramref name="wide"/>).</summary>
    public void Head(int major, ulong value, bool wide = false)
    {
        var m = (byte)(major << 5);
        if (value < 24 && !wide)
        {
            _bytes.Add((byte)(m | (int)value));
        }
        else if (value <= byte.MaxValue && !wide)
        {
            _bytes.Add((byte)(m | 24));
            _bytes.Add((byte)value);
        }
        else if (value <= ushort.MaxValue && !wide)
        {
            _bytes.Add((byte)(m | 25));
            Big(value, 2);
        }
        else if (value <= uint.MaxValue)
        {
            _bytes.Add((byte)(m | 26));
            Big(value, 4);
        }
        else
        {
            _bytes.Add((byte)(m | 27));
            Big(value, 8);
        }
    }

    public void Int(long value)
    {
        if (value >= 0)
        {
            Head(0, (ulong)value);
        }
        else
        {
            Head(1, (ulong)(-1 - value));
        }
    }

    public void Text(string text) => Text(Encoding.UTF8.GetBytes(text));

    public void Text(byte[] utf8)
    {
        Head(3, (ulong)utf8.Length);
        _bytes.AddRange(utf8);
    }

    public void Bytes(ReadOnlySpan<byte> data)
    {
        Head(2, (ulong)data.Length);
        foreach (var b in data)
        {
            _bytes.Add(b);
        }
    }

    public void Bool(bool value) => _bytes.Add(value ? (byte)0xF5 : (byte)0xF4);

    public void Raw(byte value) => _bytes.Add(value);

    public void Raw(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            _bytes.Add(b);
        }
    }

    private void Big(ulong value, int size)
    {
        for (var i = size - 1; i >= 0; i--)
        {
            _bytes.Add((byte)(value >> (8 * i)));
        }
    }
}
