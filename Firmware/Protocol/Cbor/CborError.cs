namespace FotaDevice.Protocol.Cbor
{
    /// <summary>
    /// The codes a <see cref="CborException"/> carries. Every decoding error is bad input from the
    /// peer; the SMP layer answers all of them with MGMT_ERR_EINVAL. <see cref="BufferTooSmall"/>
    /// comes from the writer and means the response does not fit (MGMT_ERR_EMSGSIZE).
    /// </summary>
    public static class CborError
    {
        /// <summary>No error.</summary>
        public const int None = 0;

        /// <summary>
        /// The data ends inside an item: in its head, in its content, or before the items (or
        /// the break) its array or map announced. A string length or container count larger
        /// than the bytes left is reported the same way: the item cannot fit.
        /// </summary>
        public const int Truncated = 1;

        /// <summary>Additional information 28, 29 or 30 (reserved by RFC 8949; not well-formed).</summary>
        public const int ReservedAdditionalInfo = 2;

        /// <summary>
        /// Not well-formed in another way: indefinite length on an integer or tag, a break where no
        /// indefinite-length array or map is open, a two-byte simple value below 32, or an
        /// indefinite-length map that ends after a key.
        /// </summary>
        public const int Malformed = 3;

        /// <summary>More nested arrays and maps than the reader's depth limit.</summary>
        public const int NestingTooDeep = 4;

        /// <summary>An indefinite-length (chunked) byte or text string: not supported.</summary>
        public const int IndefiniteString = 5;

        /// <summary>The next item is not of the type the caller asked for.</summary>
        public const int UnexpectedType = 6;

        /// <summary>An integer that does not fit the type asked for (for example −1 or 2^32 for a UInt32).</summary>
        public const int OutOfRange = 7;

        /// <summary>An item was asked for, but the innermost array or map has no more items.</summary>
        public const int EndOfContainer = 8;

        /// <summary>The end of an array or map was asked for, but items remain.</summary>
        public const int ItemsRemain = 9;

        /// <summary>The end of an array or map was asked for at the top level, where none is open.</summary>
        public const int NotInContainer = 10;

        /// <summary>A text string is not valid UTF-8 (only <see cref="CborReader.ReadTextString"/> checks).</summary>
        public const int InvalidUtf8 = 11;

        /// <summary>The writer's buffer has no room for the item; nothing of the item was written.</summary>
        public const int BufferTooSmall = 12;

        /// <summary>A short English description of a code, for logs and exception messages.</summary>
        /// <param name="code">One of the codes of this class.</param>
        /// <returns>A constant string; nothing is allocated.</returns>
        public static string Describe(int code)
        {
            switch (code)
            {
                case None: return "no error";
                case Truncated: return "CBOR item runs past the end of the data";
                case ReservedAdditionalInfo: return "CBOR additional information 28-30 is reserved";
                case Malformed: return "CBOR data is not well-formed";
                case NestingTooDeep: return "CBOR arrays and maps are nested too deep";
                case IndefiniteString: return "indefinite-length CBOR strings are not supported";
                case UnexpectedType: return "CBOR item is not of the expected type";
                case OutOfRange: return "CBOR integer is out of range";
                case EndOfContainer: return "CBOR array or map has no more items";
                case ItemsRemain: return "CBOR array or map has items left";
                case NotInContainer: return "no CBOR array or map is open";
                case InvalidUtf8: return "CBOR text string is not valid UTF-8";
                case BufferTooSmall: return "CBOR output buffer is full";
                default: return "unknown CBOR error";
            }
        }
    }
}
