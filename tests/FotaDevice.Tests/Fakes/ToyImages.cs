using System.Security.Cryptography;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Tests.Fakes;

/// <summary>
/// Stand-in images for engine tests (the real MCUboot format is tested on its own): byte 0 magic
/// 0xA5, byte 1 version major, byte 2 security counter, byte 3 1 = signature good, then payload,
/// then a SHA-256 of all before it. The verifier reads them back from the slot like the real one does.
/// </summary>
public static class ToyImages
{
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

    /// <summary>The name SMP clients use for the image (its "hash").</summary>
    public static byte[] HashOf(byte[] image) => SHA256.HashData([.. "image:"u8, .. image]);

    public static byte[] FileHashOf(byte[] image) => SHA256.HashData(image);
}

public sealed class ToyVerifier(ISlot[] slots) : ISlotVerifier
{
    public int Verifications { get; private set; }

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
        var verdict = new SlotVerdict
        {
            Length = image.Length,
            FileHash = ToyImages.FileHashOf(image),
            ImageHash = ToyImages.HashOf(image),
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

        verdict.Version = new FotaDevice.Image.ImageVersion(image[1], 0, 0, 0);
        verdict.SecurityCounter = image[2];
        verdict.Bootable = image[3] == 1;
        verdict.Reason = verdict.Bootable ? null : "signature does not verify";
        return verdict;
    }
}
