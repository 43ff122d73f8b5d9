namespace FotaDevice.Binary
{
    /// <summary>
    /// Unsigned to signed reinterpretations that nanoFramework's interpreter gets right. nanoCLR
    /// types a value by where it came from: <c>(long)someUlong</c> or <c>(int)someUint</c> emit no
    /// instruction, so the value keeps its unsigned type and a later <c>&gt;&gt;</c>, division or
    /// conversion treats it as unsigned (rule NF007 of the subset check). These helpers give the
    /// value a signed type first.
    /// </summary>
    public static class Signed
    {
        // Not a constant: the compiler must not fold "Zero + x" away. Arithmetic on nanoCLR takes the
        // left operand's type, so the sum is a signed 64-bit value.
        private static readonly long Zero = 0;

        /// <summary>The 64 bits of <paramref name="bits"/> as a signed value.</summary>
        public static long FromUInt64(ulong bits)
        {
            return Zero + (long)bits;
        }

        /// <summary>The 32 bits of <paramref name="bits"/> as a signed value.</summary>
        public static int FromUInt32(uint bits)
        {
            return (int)(long)bits; // conv.u8 then conv.i4: a signed 32-bit value
        }
    }
}
