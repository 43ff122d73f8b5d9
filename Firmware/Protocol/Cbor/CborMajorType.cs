namespace FotaDevice.Protocol.Cbor
{
    /// <summary>
    /// The eight CBOR major types (RFC 8949 §3.1): the top three bits of an item's initial byte.
    /// </summary>
    /// <remarks>
    /// An item starts with a head: the initial byte holds the major type (bits 7–5) and the
    /// "additional information" (bits 4–0). Additional information 0–23 is the argument itself;
    /// 24, 25, 26 and 27 say the argument follows in 1, 2, 4 or 8 big-endian bytes; 28–30 are
    /// reserved (not well-formed); 31 marks an indefinite length (arrays, maps, strings) or, in
    /// major type 7, the "break" that ends an indefinite-length item.
    /// </remarks>
    public static class CborMajorType
    {
        /// <summary>Major type 0: an unsigned integer 0..2^64−1.</summary>
        public const int UnsignedInteger = 0;

        /// <summary>Major type 1: a negative integer −1 − argument.</summary>
        public const int NegativeInteger = 1;

        /// <summary>Major type 2: a byte string; the argument is its length in bytes.</summary>
        public const int ByteString = 2;

        /// <summary>Major type 3: a UTF-8 text string; the argument is its length in bytes.</summary>
        public const int TextString = 3;

        /// <summary>Major type 4: an array; the argument is its number of items.</summary>
        public const int Array = 4;

        /// <summary>Major type 5: a map; the argument is its number of key/value pairs.</summary>
        public const int Map = 5;

        /// <summary>Major type 6: a tag number followed by the tagged item.</summary>
        public const int Tag = 6;

        /// <summary>Major type 7: simple values (false, true, null, undefined), floats and break.</summary>
        public const int SimpleOrFloat = 7;

        /// <summary>Additional information: the argument follows in one byte.</summary>
        public const int AdditionalOneByte = 24;

        /// <summary>Additional information: the argument follows in two bytes.</summary>
        public const int AdditionalTwoBytes = 25;

        /// <summary>Additional information: the argument follows in four bytes.</summary>
        public const int AdditionalFourBytes = 26;

        /// <summary>Additional information: the argument follows in eight bytes.</summary>
        public const int AdditionalEightBytes = 27;

        /// <summary>Additional information: indefinite length, or break in major type 7.</summary>
        public const int AdditionalIndefinite = 31;

        /// <summary>The initial byte of <c>false</c>.</summary>
        public const byte False = 0xF4;

        /// <summary>The initial byte of <c>true</c>.</summary>
        public const byte True = 0xF5;

        /// <summary>The initial byte of <c>null</c>.</summary>
        public const byte Null = 0xF6;

        /// <summary>The initial byte of <c>undefined</c>.</summary>
        public const byte Undefined = 0xF7;

        /// <summary>The "break" byte that ends an indefinite-length array or map.</summary>
        public const byte Break = 0xFF;
    }
}
