namespace FotaDevice.Image
{
    /// <summary>
    /// The few strict DER (ITU-T X.690) reads the image format needs: a tag and a definite,
    /// minimally encoded length, bounded by an end offset.
    /// </summary>
    internal static class Der
    {
        /// <summary>Tag of an INTEGER.</summary>
        internal const int Integer = 0x02;

        /// <summary>Tag of a BIT STRING.</summary>
        internal const int BitString = 0x03;

        /// <summary>Tag of an OBJECT IDENTIFIER.</summary>
        internal const int ObjectIdentifier = 0x06;

        /// <summary>Tag of a constructed SEQUENCE.</summary>
        internal const int Sequence = 0x30;

        /// <summary>
        /// Reads the tag and length at <paramref name="position"/> (content must end by
        /// <paramref name="end"/>); returns the content's offset and its length in
        /// <paramref name="length"/>. Throws <see cref="ImageException"/> with <paramref name="error"/>.
        /// </summary>
        internal static int ReadHeader(byte[] data, int position, int end, int tag, ImageError error, string what, out int length)
        {
            if (end - position < 2)
            {
                throw new ImageException(error, what + ": DER ends before a tag and length");
            }

            if (data[position] != tag)
            {
                throw new ImageException(error, what + ": DER tag 0x" + data[position].ToString("x2") + ", expected 0x" + tag.ToString("x2"));
            }

            int first = data[position + 1];
            int content = position + 2;
            if (first < 0x80)
            {
                length = first;
            }
            else if (first == 0x81)
            {
                if (end - content < 1 || data[content] < 0x80)
                {
                    throw new ImageException(error, what + ": DER length not minimally encoded");
                }

                length = data[content];
                content++;
            }
            else if (first == 0x82)
            {
                if (end - content < 2 || data[content] == 0)
                {
                    throw new ImageException(error, what + ": DER length not minimally encoded");
                }

                length = (data[content] << 8) | data[content + 1];
                content += 2;
            }
            else
            {
                throw new ImageException(error, what + ": unsupported DER length form 0x" + first.ToString("x2"));
            }

            if (length > end - content)
            {
                throw new ImageException(error, what + ": DER value runs past its end");
            }

            return content;
        }

        /// <summary>True if the <paramref name="length"/> bytes at <paramref name="offset"/> equal <paramref name="expected"/>.</summary>
        internal static bool BytesEqual(byte[] data, int offset, int length, byte[] expected)
        {
            if (length != expected.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (data[offset + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
