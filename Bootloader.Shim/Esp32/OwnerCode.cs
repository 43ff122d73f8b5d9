// Replace this file with the output of:
//     fota code new -o Bootloader.Shim/Esp32/OwnerCode.cs
// (one per device: it holds the salt and the key derived from the code printed on its label).
// Until then the device has no owner code: the button and the power-on window approve.
using FotaDevice.Update.Approval;

namespace FotaDevice.Keys
{
    /// <summary>The device's owner code (salt and derived key).</summary>
    public static class OwnerCode
    {
        /// <summary>The salt and key (null: no owner code).</summary>
        public static readonly OwnerCodeKey Key = null;
    }
}
