using System.Security.Cryptography;
using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Tests.Fakes;

/// <summary>
/// Stand-in images for engine tests (the real MCUboot format is tested on its own): byte 0 magic
/// 0xA5, byte 1 version major, byte 2 security counter, byte 3 1 = signature good, then payload,
/// then a SHA-256 of all before it (the image hash, as MCUboot's SHA256 TLV). The verifier reads them
/// back from the slot like the real one does: in a whole pass, as they arrive, or from a seal (header
/// and trailing hash only).
/// </summary>
public static class ToyImages
{
    public const int HeaderSize = 4;

    public static byte[] Make(int major, int counter = 0, bool signed = true, int size = 1000)
    {
        var image = new byte[size];
        image[0] = 0xA5;
        image[1] = (byte)major;
        image[2] = (byte)counter;
        image[3] = signed ? (byte)1 : (byte)0;
        for (var i = 4; i < size - 32; i++)
        {
            image[i] = (byte)(i * major + 11);
        }

        SHA256.HashData(image.AsSpan(0, size - 32), image.AsSpan(size - 32));
        return image;
    }

    /// <summary>The name SMP clients use for the image (its "hash"): the trailing hash it carries.</summary>
    public static byte[] HashOf(byte[] image) => image.AsSpan(image.Length - 32).ToArray();

    public static byte[] FileHashOf(byte[] image) => SHA256.HashData(image);
}

public sealed class ToyVerifier(ISlot[] slots) : IIncrementalSlotVerifier
{
    private readonly List<byte> _stream = [];

    /// <summary>Whole passes over a slot.</summary>
    public int Verifications { get; private set; }

    /// <summary>Checks from a seal (header and trailing hash read, nothing hashed).</summary>
    public int SealedChecks { get; private set; }

    /// <summary>Bytes fed as they arrived.</summary>
    public long StreamedBytes { get; private set; }

    /// <summary>Streams concluded (the "signature" checks of arrived images).</summary>
    public int StreamConclusions { get; private set; }

    public SlotVerdict Verify(int slot)
    {
        Verifications++;
        var s = slots[slot];
        if (s.Length == 0)
        {
            return new SlotVerdict { Empty = true, Reason = "slot is empty" };
        }

        var image = new byte[s.Length];
        s.Read(0, image, 0, image.Length);
        return Judge(image);
    }

    public string? InspectStart(byte[] data, int offset, int count, int length, out ImageVersion? version)
    {
        version = null;
        if (count < ToyImages.HeaderSize)
        {
            return null;
        }

        if (data[offset] != 0xA5)
        {
            return "not a toy image";
        }

        version = new ImageVersion(data[offset + 1], 0, 0, 0);
        return null;
    }

    public void StartStream() => _stream.Clear();

    public void Feed(byte[] data, int offset, int count)
    {
        StreamedBytes += count;
        _stream.AddRange(data.AsSpan(offset, count).ToArray());
    }

    public bool CopyStreamFileHash(byte[] into, int offset)
    {
        SHA256.HashData(_stream.ToArray()).CopyTo(into, offset);
        return true;
    }

    public SlotVerdict FinishStream(int length)
    {
        StreamConclusions++;
        return Judge(_stream.ToArray());
    }

    public SlotVerdict? VerifySealed(int slot, byte[] imageHash, int length)
    {
        var s = slots[slot];
        if (s.Length != length || length < 36)
        {
            return null;
        }

        var header = new byte[ToyImages.HeaderSize];
        var trailer = new byte[32];
        s.Read(0, header, 0, ToyImages.HeaderSize);
        s.Read(length - 32, trailer, 0, 32);
        if (header[0] != 0xA5 || header[3] != 1 || !trailer.AsSpan().SequenceEqual(imageHash))
        {
            return null;
        }

        SealedChecks++;
        return new SlotVerdict
        {
            Bootable = true,
            Sealed = true,
            Length = length,
            ImageHash = trailer,
            Version = new ImageVersion(header[1], 0, 0, 0),
            SecurityCounter = header[2],
        };
    }

    private static SlotVerdict Judge(byte[] image)
    {
        var verdict = new SlotVerdict
        {
            Length = image.Length,
            FileHash = ToyImages.FileHashOf(image),
            ImageHash = image.Length >= 32 ? ToyImages.HashOf(image) : null,
        };
        if (image.Length < 36 || image[0] != 0xA5)
        {
            verdict.Reason = "bad magic";
            return verdict;
        }

        if (!SHA256.HashData(image.AsSpan(0, image.Length - 32)).AsSpan().SequenceEqual(image.AsSpan(image.Length - 32)))
        {
            verdict.Reason = "hash mismatch";
            return verdict;
        }

        verdict.Version = new ImageVersion(image[1], 0, 0, 0);
        verdict.SecurityCounter = image[2];
        verdict.Bootable = image[3] == 1;
        verdict.Reason = verdict.Bootable ? null : "signature does not verify";
        return verdict;
    }
}
