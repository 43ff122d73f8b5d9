using System.Security.Cryptography;
using FotaDevice.Update;

namespace FotaDevice.Tests.Fakes;

/// <summary>An image sent to the update engine as a client sends it: a first chunk with its length and SHA-256, then each chunk at the offset the device asks for.</summary>
public static class Uploads
{
    /// <summary>
    /// Sends <paramref name="image"/> in chunks of <paramref name="chunk"/> bytes until the device has
    /// <paramref name="stopAt"/> bytes (the whole image when -1) or refuses; returns the last reply. The
    /// same image after a restart resumes where the slot ends.
    /// </summary>
    public static UploadReply Send(UpdateEngine engine, object client, byte[] image, int chunk, int stopAt = -1)
    {
        var end = stopAt < 0 ? image.Length : stopAt;
        var reply = engine.Upload(client, 0, image, 0, Math.Min(chunk, image.Length), image.Length, SHA256.HashData(image), 0);
        while (reply.Status == UpdateStatus.Ok && !reply.Complete && reply.NextOffset < end)
        {
            var offset = reply.NextOffset;
            reply = engine.Upload(client, offset, image, offset, Math.Min(chunk, image.Length - offset), -1, null!, 0);
        }

        return reply;
    }
}
