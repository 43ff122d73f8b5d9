using System;

namespace FotaDevice.Protocol.Cbor
{
    /// <summary>The argument check of every (array, offset, count) parameter set in the protocol code.</summary>
    internal static class ArrayRange
    {
        /// <summary>Throws unless <paramref name="array"/> is set and holds <c>[offset, offset + count)</c>.</summary>
        /// <param name="array">The array.</param>
        /// <param name="offset">Start of the range.</param>
        /// <param name="count">Length of the range.</param>
        /// <param name="name">Parameter name for the exception.</param>
        internal static void Check(byte[] array, int offset, int count, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > array.Length - count)
            {
                throw new ArgumentOutOfRangeException(name, "range is outside the array");
            }
        }
    }
}
