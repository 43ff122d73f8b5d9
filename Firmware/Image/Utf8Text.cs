namespace FotaDevice.Image
{
    /// <summary>Checks of UTF-8 text in images (names, entry point, product identity).</summary>
    public static class Utf8Text
    {
        /// <summary>
        /// True if the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
        /// nothing above U+10FFFF) and contain no control character (C0, DEL or C1).
        /// </summary>
        public static bool IsCleanText(byte[] data, int offset, int length)
        {
            int end = offset + length;
            int i = offset;
            while (i < end)
            {
                int b = data[i];
                if (b < 0x80)
                {
                    if (b < 0x20 || b == 0x7f)
                    {
                        return false;
                    }

                    i++;
                    continue;
                }

                int more;
                int low = 0x80;
                int high = 0xbf;
                if (b >= 0xc2 && b <= 0xdf)
                {
                    more = 1;
                    if (b == 0xc2)
                    {
                        low = 0xa0; // U+0080..U+009F are C1 controls
                    }
                }
                else if (b >= 0xe0 && b <= 0xef)
                {
                    more = 2;
                    if (b == 0xe0)
                    {
                        low = 0xa0;
                    }
                    else if (b == 0xed)
                    {
                        high = 0x9f;
                    }
                }
                else if (b >= 0xf0 && b <= 0xf4)
                {
                    more = 3;
                    if (b == 0xf0)
                    {
                        low = 0x90;
                    }
                    else if (b == 0xf4)
                    {
                        high = 0x8f;
                    }
                }
                else
                {
                    return false;
                }

                if (end - i <= more)
                {
                    return false;
                }

                int second = data[i + 1];
                if (second < low || second > high)
                {
                    return false;
                }

                for (int k = 2; k <= more; k++)
                {
                    int c = data[i + k];
                    if (c < 0x80 || c > 0xbf)
                    {
                        return false;
                    }
                }

                i += more + 1;
            }

            return true;
        }
    }
}
