using System.Security.Cryptography;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104), one-shot. The same call compiles on both platforms: on the device it is
    /// nanoFramework.System.Security.Cryptography's <c>HMACSHA256.HashData</c> (native, Mbed TLS), on
    /// .NET the BCL's. Both take a key of any length (longer than 64 bytes: hashed first, as RFC 2104).
    /// </summary>
    public static class HmacSha256
    {
        /// <summary>Bytes of a tag.</summary>
        public const int Size = 32;

        /// <summary>The tag of <paramref name="message"/> under <paramref name="key"/> (a new 32-byte array).</summary>
        public static byte[] Compute(byte[] key, byte[] message)
        {
            return HMACSHA256.HashData(key, message);
        }
    }
}
