// Replace this file with the output of:
//     fota getpub maker.pem --format csharp -o Bootloader.Shim/Esp32/TrustedKeys.cs
// Until then the device trusts no key: it runs no image and accepts no update (it says so at start).
namespace FotaDevice.Keys
{
    /// <summary>Public keys (DER SubjectPublicKeyInfo) that may sign updates for this device.</summary>
    public static class TrustedKeys
    {
        /// <summary>Every trusted key (none yet).</summary>
        public static readonly byte[][] All = new byte[0][];
    }
}
