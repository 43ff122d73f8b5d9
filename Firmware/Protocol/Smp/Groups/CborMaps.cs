using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>Walking the pairs of a request map, definite or indefinite.</summary>
    internal static class CborMaps
    {
        /// <summary>
        /// True while the map opened with <paramref name="pairs"/> (−1 for indefinite) has another pair;
        /// counts them in <paramref name="index"/>.
        /// </summary>
        public static bool Next(CborReader body, int pairs, ref int index)
        {
            bool more = pairs < 0 ? !body.TryReadEnd() : index < pairs;
            index++;
            return more;
        }

        /// <summary>Skips a pair whose key is not one the handler reads.</summary>
        public static void SkipPair(CborReader body)
        {
            body.SkipValue();
            body.SkipValue();
        }
    }
}
