namespace FotaDevice.Image
{
    /// <summary>
    /// An ECDSA signature in DER, <c>SEQUENCE { INTEGER r, INTEGER s }</c> (RFC 3279), turned
    /// into 64 bytes r‖s (big-endian, 32 bytes each). Strict: minimal integers, no negative
    /// numbers, no value over 32 bytes, nothing after the sequence.
    /// </summary>
    public static class DerSignature
    {
        /// <summary>Size of the raw signature.</summary>
        public const int RawSize = 64;

        /// <summary>Largest DER encoding of a P-256 signature (two 33-byte integers).</summary>
        public const int MaxDerSize = 72;

        /// <summary>
        /// Decodes <paramref name="length"/> bytes of DER at <paramref name="offset"/> into 64 bytes
        /// at <paramref name="rawOffset"/>. Throws <see cref="ImageException"/>
        /// (<see cref="ImageError.MalformedSignature"/>). Allocates nothing.
        /// </summary>
        public static void Decode(byte[] der, int offset, int length, byte[] raw, int rawOffset)
        {
            if (length > MaxDerSize)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: " + length.ToString() + " bytes, more than " + MaxDerSize.ToString());
            }

            int end = offset + length;
            int seqLength;
            int seq = Der.ReadHeader(der, offset, end, Der.Sequence, ImageError.MalformedSignature, "ECDSA signature", out seqLength);
            if (seq + seqLength != end)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: bytes after the DER sequence");
            }

            int next = ReadInteger(der, seq, end, raw, rawOffset);
            next = ReadInteger(der, next, end, raw, rawOffset + 32);
            if (next != end)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: bytes after s");
            }
        }

        private static int ReadInteger(byte[] der, int position, int end, byte[] raw, int rawOffset)
        {
            int length;
            int value = Der.ReadHeader(der, position, end, Der.Integer, ImageError.MalformedSignature, "ECDSA signature", out length);
            if (length == 0)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: empty INTEGER");
            }

            if ((der[value] & 0x80) != 0)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: negative INTEGER");
            }

            if (length > 1 && der[value] == 0 && (der[value + 1] & 0x80) == 0)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: INTEGER not minimally encoded");
            }

            int digits = value;
            int count = length;
            if (der[value] == 0 && length > 1)
            {
                digits++;
                count--;
            }

            if (count > 32)
            {
                throw new ImageException(ImageError.MalformedSignature, "ECDSA signature: INTEGER longer than 32 bytes");
            }

            int pad = 32 - count;
            for (int i = 0; i < pad; i++)
            {
                raw[rawOffset + i] = 0;
            }

            System.Array.Copy(der, digits, raw, rawOffset + pad, count);
            return value + length;
        }
    }
}
