namespace FotaDevice.Crypto.P256
{
    /// <summary>
    /// Width-w non-adjacent form of a 256-bit scalar: k = sum of d[i] * 2^i with every non-zero
    /// digit odd, |d[i]| &lt; 2^(w-1), and at least w - 1 zeros after each non-zero digit, so a
    /// scalar multiplication needs about 256 / (w + 1) additions of the odd multiples 1P, 3P, ...
    /// </summary>
    internal static class P256Wnaf
    {
        /// <summary>The digit array length <see cref="Recode"/> needs for width w.</summary>
        internal static int DigitsLength(int width)
        {
            return 257 + width;
        }

        /// <summary>
        /// Writes the digits of k (uint[8], little-endian limbs) into <paramref name="digits"/>
        /// (<see cref="DigitsLength"/> long, cleared first) and returns the index of the highest
        /// non-zero digit plus one (0 for k = 0).
        /// </summary>
        internal static int Recode(sbyte[] digits, uint[] k, int width)
        {
            System.Array.Clear(digits, 0, digits.Length);
            int half = 1 << (width - 1);
            int full = 1 << width;
            int pos = 0;
            int carry = 0;
            int length = 0;

            // Invariant: the part of k not yet written equals (k >> pos) + carry, at weight 2^pos.
            while (pos < 256 || carry != 0)
            {
                int bit = pos < 256 ? (int)((k[pos >> 5] >> (pos & 31)) & 1) : 0;
                if (bit == carry)
                {
                    // bit + carry is 0 or 2: this digit is 0 and the carry moves on unchanged.
                    pos++;
                    continue;
                }

                // bit + carry is odd: take the next w bits, make the digit odd and centred.
                int value = carry;
                for (int i = 0; i < width; i++)
                {
                    int at = pos + i;
                    if (at < 256)
                    {
                        value += (int)((k[at >> 5] >> (at & 31)) & 1) << i;
                    }
                }

                if (value >= half)
                {
                    value -= full;
                    carry = 1;
                }
                else
                {
                    carry = 0;
                }

                digits[pos] = (sbyte)value;
                length = pos + 1;
                pos += width;
            }

            return length;
        }
    }
}
