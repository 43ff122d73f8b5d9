namespace FotaDevice.Protocol.Cbor
{
    /// <summary>
    /// What <see cref="CborReader.PeekType"/> finds next. Values 0–6 equal the major types of
    /// <see cref="CborMajorType"/>; major type 7 is split into the kinds a caller acts on.
    /// </summary>
    public static class CborType
    {
        /// <summary>An unsigned integer (major type 0).</summary>
        public const int UnsignedInteger = 0;

        /// <summary>A negative integer (major type 1).</summary>
        public const int NegativeInteger = 1;

        /// <summary>A byte string (major type 2).</summary>
        public const int ByteString = 2;

        /// <summary>A text string (major type 3).</summary>
        public const int TextString = 3;

        /// <summary>An array (major type 4).</summary>
        public const int Array = 4;

        /// <summary>A map (major type 5).</summary>
        public const int Map = 5;

        /// <summary>A tag (major type 6); only <see cref="CborReader.SkipValue"/> reads tagged items.</summary>
        public const int Tag = 6;

        /// <summary><c>false</c> or <c>true</c>.</summary>
        public const int Boolean = 7;

        /// <summary><c>null</c>.</summary>
        public const int Null = 8;

        /// <summary><c>undefined</c>.</summary>
        public const int Undefined = 9;

        /// <summary>A half, single or double precision float.</summary>
        public const int Float = 10;

        /// <summary>Any other simple value (0–19, 32–255).</summary>
        public const int SimpleValue = 11;

        /// <summary>
        /// The innermost open array or map has no more items (its count is used up, or a break is
        /// next); call <see cref="CborReader.ReadEnd"/>.
        /// </summary>
        public const int EndOfContainer = 12;
    }
}
