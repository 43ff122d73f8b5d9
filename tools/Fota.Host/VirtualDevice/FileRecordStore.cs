using FotaDevice.Platform;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>The two boot-state record copies as two small files, as on the ESP32's <c>I:</c> drive.</summary>
public sealed class FileRecordStore(string directory) : IRecordStore
{
    public int Read(int copy, byte[] buffer, int offset, int count)
    {
        try
        {
            using var file = new FileStream(PathOf(copy), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return file.Read(buffer, offset, count);
        }
        catch (IOException)
        {
            return 0; // a missing or unreadable copy is just not valid
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Write(int copy, byte[] data, int offset, int count)
    {
        using var file = new FileStream(PathOf(copy), FileMode.Create, FileAccess.Write, FileShare.Read);
        file.Write(data, offset, count);
        file.Flush(flushToDisk: true);
    }

    private string PathOf(int copy) => Path.Combine(directory, $"boot-state-{copy}.bin");
}
