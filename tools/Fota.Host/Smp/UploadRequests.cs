using System.Formats.Cbor;

namespace FotaDevice.Host.Smp;

/// <summary>
/// The upload requests (image group, command 1) as <c>SmpDevice.UploadAsync</c> sends them:
/// how large each is, how much of the image it carries, and its body.
/// </summary>
public static class UploadRequests
{
    /// <summary>The smallest share of the image one request must carry to be worth sending.</summary>
    public const int MinimumData = 16;

    /// <summary>
    /// The request size (header included) to send to a device taking <paramref name="bufferSize"/>-byte
    /// requests over a link whose writes carry <paramref name="writeSize"/> bytes: the largest whole
    /// number of writes that fits, so no request ends in a short write (1220 = 5 × 244 at MTU 247,
    /// 1092 = 6 × 182 at MTU 185); <paramref name="bufferSize"/> itself where messages go whole (0) or
    /// where one write holds it.
    /// </summary>
    public static int RequestSize(int bufferSize, int writeSize) =>
        writeSize <= 0 || writeSize >= bufferSize ? bufferSize : bufferSize / writeSize * writeSize;

    /// <summary>
    /// How many image bytes from <paramref name="offset"/> one request of at most
    /// <paramref name="requestSize"/> bytes (header included) carries: all that fits, up to the
    /// image's end. The request at offset 0 also carries the length and <paramref name="sha"/>.
    /// </summary>
    public static int DataFitting(int requestSize, byte[] image, long offset, byte[] sha)
    {
        var left = image.Length - offset;
        var room = requestSize - 8 - Encode(image, offset, 0, offset == 0 ? sha : null).Length + CborHead(0);
        var count = room - CborHead(room);
        while (count > 0 && count + CborHead(count) > room)
        {
            count--;
        }

        if (count < MinimumData && count < left)
        {
            throw new SmpException(SmpException.MessageTooLarge, $"the device takes only {requestSize}-byte requests: no room for image data");
        }

        return (int)Math.Min(count, left);
    }

    /// <summary>
    /// The body of one upload request: <c>{"off", "data"}</c>, and at offset 0 (where <paramref name="sha"/>
    /// is given) also <c>"image"</c>, <c>"len"</c> and <c>"sha"</c>, so that the device resumes the same image.
    /// </summary>
    public static byte[] Encode(byte[] image, long offset, int count, byte[]? sha)
    {
        var w = new CborWriter();
        w.WriteStartMap(sha != null ? 5 : 2);
        if (sha != null)
        {
            w.WriteTextString("image");
            w.WriteInt32(0);
            w.WriteTextString("len");
            w.WriteInt64(image.Length);
            w.WriteTextString("sha");
            w.WriteByteString(sha);
        }

        w.WriteTextString("off");
        w.WriteInt64(offset);
        w.WriteTextString("data");
        w.WriteByteString(image.AsSpan((int)offset, count));
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>The bytes of a CBOR head (major type and length) for <paramref name="value"/>.</summary>
    private static int CborHead(long value) => value < 24 ? 1 : value < 256 ? 2 : value < 65536 ? 3 : value <= uint.MaxValue ? 5 : 9;
}
