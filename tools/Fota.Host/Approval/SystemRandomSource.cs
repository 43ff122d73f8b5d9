using System.Security.Cryptography;
using FotaDevice.Platform;

namespace FotaDevice.Host.Approval;

/// <summary>The operating system's cryptographic random generator, for the virtual device's challenges.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public void Fill(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
}
