using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Slots;

namespace FotaDevice.Host.Images;

/// <summary>What a device is, as far as accepting an image goes: its runtime, product and libraries.</summary>
/// <param name="Runtime">The <see cref="BundleRuntime"/> it runs; <see cref="BundleRuntime.None"/> checks the MCUboot image only, as MCUboot would.</param>
/// <param name="ProductId">The product id images must name, or null for a device that accepts any.</param>
/// <param name="Libraries">The libraries it has, checked against an image's requirements; null accepts any requirement.</param>
public sealed record DeviceProfile(int Runtime, string? ProductId, ILibraryCatalog? Libraries);

/// <summary>The device's verdict on an image, and what the validator read of it.</summary>
/// <param name="Verdict">The device's own verdict: bootable, or why not.</param>
/// <param name="Result">What the image validator found (version, counter, product, key, manifest).</param>
public sealed record DeviceCheckResult(SlotVerdict Verdict, ImageValidationResult Result)
{
    /// <summary>True if the device would accept the image.</summary>
    public bool Accepted => Verdict.Bootable;

    /// <summary>Why not, in the device's words; null when accepted.</summary>
    public string? Reason => Verdict.Bootable ? null : Verdict.Reason;
}

/// <summary>
/// Judges an image exactly as a device does: the device's own <see cref="ImageSlotVerifier"/> (the
/// streaming validator, then product, runtime and libraries) over the image in a slot in memory.
/// </summary>
public static class DeviceCheck
{
    /// <summary>The device's verdict on <paramref name="image"/> for a device trusting <paramref name="trustedKeys"/> (DER SubjectPublicKeyInfo).</summary>
    public static DeviceCheckResult Check(byte[] image, IEnumerable<byte[]> trustedKeys, DeviceProfile device)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentNullException.ThrowIfNull(device);
        var keys = new KeyRing();
        foreach (var key in trustedKeys)
        {
            if (keys.Find(System.Security.Cryptography.SHA256.HashData(key), 0) == null)
            {
                keys.Add(key);
            }
        }

        var slot = new ImageInMemory(image);
        var verifier = new ImageSlotVerifier([slot], keys, new DeviceIdentity(device.ProductId!, device.Runtime, device.Libraries ?? AnyLibrary.Instance));
        var verdict = verifier.Verify(0);
        return new DeviceCheckResult(verdict, verifier.LastResult);
    }

    /// <summary>A read-only slot holding one image.</summary>
    private sealed class ImageInMemory(byte[] image) : ISlot
    {
        public int Capacity => Math.Max(image.Length, ImageFormat.HeaderSize);

        public int Length => image.Length;

        public void Erase() => throw new NotSupportedException();

        public void Append(int offset, byte[] data, int dataOffset, int count) => throw new NotSupportedException();

        public void Flush()
        {
        }

        public int Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            var n = Math.Min(count, image.Length - offset);
            Array.Copy(image, offset, buffer, bufferOffset, n);
            return n;
        }
    }

    /// <summary>A device that has every library at every version (requirements not checked).</summary>
    private sealed class AnyLibrary : ILibraryCatalog
    {
        public static readonly AnyLibrary Instance = new();

        public AssemblyVersion VersionOf(string name) => new(ushort.MaxValue, ushort.MaxValue, ushort.MaxValue, ushort.MaxValue);
    }
}

/// <summary>A device's libraries given by name and version (<c>fota verify --library NAME=1.2.3.4</c>).</summary>
public sealed class LibraryList : ILibraryCatalog
{
    private readonly Dictionary<string, AssemblyVersion> _libraries = new(StringComparer.Ordinal);

    /// <summary>Adds a library the device has.</summary>
    public LibraryList Add(string name, AssemblyVersion version)
    {
        _libraries[name] = version;
        return this;
    }

    /// <inheritdoc/>
    public AssemblyVersion? VersionOf(string name) => _libraries.GetValueOrDefault(name);
}
