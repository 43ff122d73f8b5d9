namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// The P-256 base point G and its odd multiples 1G, 3G, ..., 15G in affine coordinates, the
    /// table for a width-5 NAF of the scalar that multiplies G.
    /// </summary>
    /// <remarks>
    /// G is from FIPS 186-5 / SP 800-186. The multiples were computed for this project with
    /// affine point arithmetic on big integers and are checked by the host tests against an
    /// independent implementation. Limbs are least significant first; entry i is (2i + 1)G.
    /// <see cref="MontgomeryX"/> and <see cref="MontgomeryY"/> hold the same points as
    /// <see cref="P256Field"/> elements, converted once by the static constructor.
    /// </remarks>
    internal static class P256Generator
    {
        /// <summary>The window width of the NAF the table serves.</summary>
        internal const int Width = 5;

        /// <summary>x of (2i + 1)G.</summary>
        internal static readonly uint[][] X =
        {
            new uint[] { 0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81, 0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2 }, // 1G
            new uint[] { 0xC6E7FD6C, 0xFB41661B, 0xEFADA985, 0xE6C6B721, 0x1D4BF165, 0xC8F7EF95, 0xA6330A44, 0x5ECBE4D1 }, // 3G
            new uint[] { 0xC3D033ED, 0x21554A0D, 0x1F5BE524, 0xEF8C82FD, 0x08668FDF, 0xD784C856, 0x515140D2, 0x51590B7A }, // 5G
            new uint[] { 0x3187B2A3, 0x30062870, 0xA80FEF5B, 0x7EF9F8B8, 0x7C01FB60, 0x25BB3066, 0xA0BF7B46, 0x8E533B6F }, // 7G
            new uint[] { 0x90949EE0, 0xD79E8A4B, 0x2C6DF8B3, 0x9E0ACB8C, 0x1D71F872, 0x878938D5, 0xFEDF0B71, 0xEA68D7B6 }, // 9G
            new uint[] { 0x74BC21D1, 0x433391D3, 0x255048BF, 0x16742ED0, 0xB0C21CDA, 0x0638379D, 0x883B4C59, 0x3ED113B7 }, // 11G
            new uint[] { 0x46072C01, 0x98E15D9D, 0x65EAD58A, 0x792E284B, 0xD85EE2FC, 0x61805DF2, 0xE0AC495A, 0x177C837A }, // 13G
            new uint[] { 0xE59B9D5F, 0x63668C63, 0xDE3A0EF1, 0xAE03AF92, 0x99888265, 0xADFB3789, 0x971ABAE7, 0xF0454DC6 }, // 15G
        };

        /// <summary>y of (2i + 1)G.</summary>
        internal static readonly uint[][] Y =
        {
            new uint[] { 0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357, 0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2 }, // 1G
            new uint[] { 0xA27D5032, 0x9A79B127, 0x384FB83D, 0xD82AB036, 0x1A64A2EC, 0x374B06CE, 0x4998FF7E, 0x8734640C }, // 3G
            new uint[] { 0xFDA16DA4, 0xD1D0BB44, 0xD4D80888, 0x0D012F00, 0xBF8A7926, 0x8AE1BF36, 0x904A727D, 0xE0C17DA8 }, // 5G
            new uint[] { 0xC1F400B4, 0xC55E1A86, 0xCB041B21, 0x53C73633, 0xA6F59000, 0x6D069F83, 0xE0331836, 0x73EB1DBD }, // 7G
            new uint[] { 0x4DD048FA, 0xE85A224A, 0xA4DE823F, 0x4D714FEA, 0x4A8EA0C8, 0x87014A96, 0x72C9FCE7, 0x2A2744C9 }, // 9G
            new uint[] { 0xE82A3740, 0xE2F8EEFC, 0x5E9889DA, 0x090D04DA, 0xA4F4C68A, 0x24C843AF, 0xCCC4C8A2, 0x9099209A }, // 11G
            new uint[] { 0xEFC7BFD8, 0x9C43BBE2, 0xA1FB4DF3, 0x26EE14C3, 0xB40F4E72, 0xA24091AD, 0x4EBEA558, 0x63BB58CD }, // 13G
            new uint[] { 0x0D034F36, 0x47E59CDE, 0x75B5FA3F, 0x2A3B21CE, 0x1F9643E6, 0x4E6594E5, 0x592E2D1F, 0xB5B93EE3 }, // 15G
        };

        /// <summary>x of (2i + 1)G in Montgomery form.</summary>
        internal static readonly long[][] MontgomeryX = ToMontgomery(X);

        /// <summary>y of (2i + 1)G in Montgomery form.</summary>
        internal static readonly long[][] MontgomeryY = ToMontgomery(Y);

        private static long[][] ToMontgomery(uint[][] plain)
        {
            long[][] table = new long[plain.Length][];
            for (int i = 0; i < plain.Length; i++)
            {
                table[i] = new long[P256Field.Limbs];
                P256Field.ToMontgomery(table[i], plain[i]);
            }

            return table;
        }
    }
}
