using System.IO;

namespace FotaDevice.Platform.Storage
{
    /// <summary>Reads that keep going until they have what was asked (a file read may return less).</summary>
    internal static class StreamReads
    {
        /// <summary>Reads up to <paramref name="count"/> bytes; fewer only at the end of the stream.</summary>
        public static int Fully(Stream stream, byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int read = stream.Read(buffer, offset + total, count - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
