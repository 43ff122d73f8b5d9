using FotaDevice.Platform;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// An application slot kept in a file, as the ESP32 keeps it on <c>I:</c>: the file's length is
/// the slot's length, an erase truncates it, an append is flushed to disk before it returns, so a
/// killed process loses nothing that was acknowledged.
/// </summary>
public sealed class FileSlot : ISlot
{
    private readonly string _path;

    public FileSlot(string path, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _path = path;
        Capacity = capacity;
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, []);
        }
    }

    public int Capacity { get; }

    public int Length => (int)new FileInfo(_path).Length;

    public void Erase()
    {
        using var file = Open(FileMode.Truncate);
        file.Flush(flushToDisk: true);
    }

    public void Append(int offset, byte[] data, int dataOffset, int count)
    {
        using var file = Open(FileMode.Open);
        if (offset != file.Length)
        {
            throw new IOException($"append at {offset} but the slot holds {file.Length} bytes");
        }

        if (count > Capacity - offset)
        {
            throw new IOException("the slot is full");
        }

        file.Seek(offset, SeekOrigin.Begin);
        file.Write(data, dataOffset, count);
        file.Flush(flushToDisk: true);
    }

    public int Read(int offset, byte[] buffer, int bufferOffset, int count)
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (offset >= file.Length)
        {
            return 0;
        }

        file.Seek(offset, SeekOrigin.Begin);
        var total = 0;
        while (total < count)
        {
            var n = file.Read(buffer, bufferOffset + total, count - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private FileStream Open(FileMode mode) => new(_path, mode, FileAccess.Write, FileShare.Read);
}
