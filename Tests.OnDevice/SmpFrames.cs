namespace FotaDevice.OnDevice
{
    /// <summary>SMP requests the device tests send.</summary>
    internal static class SmpFrames
    {
        /// <summary>An OS echo request, {"d": text}, for a text of 24 to 255 ASCII characters.</summary>
        public static byte[] Echo(string text, byte sequence)
        {
            // {"d": text}, text 24..255 characters: 0x78 and a length byte.
            byte[] body = new byte[3 + 2 + text.Length];
            body[0] = 0xA1;
            body[1] = 0x61;
            body[2] = (byte)'d';
            body[3] = 0x78;
            body[4] = (byte)text.Length;
            for (int i = 0; i < text.Length; i++)
            {
                body[5 + i] = (byte)text[i];
            }

            byte[] request = new byte[8 + body.Length];
            request[0] = 0x0A; // write, SMP v2
            request[3] = (byte)body.Length;
            request[6] = sequence;
            System.Array.Copy(body, 0, request, 8, body.Length);
            return request;
        }
    }
}
