using FotaDevice.Update.Approval;

namespace FotaDevice.Shim.Esp32
{
    /// <summary>
    /// Everything a maker sets for their board, in one place. Edit the defaults here (or set the
    /// properties in Program) before building the firmware.
    /// </summary>
    public sealed class DeviceConfiguration
    {
        /// <summary>Creates the defaults: BLE name "FotaDevice", button on GPIO 0 (the BOOT button on most boards), no LED.</summary>
        public DeviceConfiguration()
        {
            DeviceName = "FotaDevice";
            ProductId = "my-board";
            StorageFolder = "I:\\fota";
            SlotSize = 96 * 1024;
            ButtonPin = 0;
            LedPin = -1;
            DebounceMilliseconds = 50;
            LogLines = 48;
            LogCharacters = 2048;
            TrialDeadlineMilliseconds = TrialWatchdog.DefaultDeadlineMilliseconds;
            Approval = new ApprovalSettings();
            Approval.OwnerCode = FotaDevice.Keys.OwnerCode.Key;
            if (Approval.OwnerCode != null)
            {
                Approval.Policy = ApprovalPolicy.Any; // a provisioned code counts besides the button and the window
            }

            TrustedKeys = FotaDevice.Keys.TrustedKeys.All;
            SmpBufferSize = FotaDevice.Protocol.Smp.Groups.SmpServerSettings.DefaultBufferSize;
            SmpBufferCount = FotaDevice.Protocol.Smp.Groups.SmpServerSettings.DefaultBufferCount;
            Passkey = -1;
            AllowBonding = true;
        }

        /// <summary>The name the device advertises over BLE.</summary>
        public string DeviceName { get; set; }

        /// <summary>The product/board id updates must carry (<c>fota pack --product</c>).</summary>
        public string ProductId { get; set; }

        /// <summary>The folder on the internal drive for the slots and boot records.</summary>
        public string StorageFolder { get; set; }

        /// <summary>Capacity of each of the two slots, in bytes (two slots must fit the I: drive with room to spare).</summary>
        public int SlotSize { get; set; }

        /// <summary>GPIO of the owner's approval button (pressed = low, internal pull-up).</summary>
        public int ButtonPin { get; set; }

        /// <summary>GPIO of a status LED that blinks while a switch waits for the button, or -1.</summary>
        public int LedPin { get; set; }

        /// <summary>Presses closer together than this are one press.</summary>
        public int DebounceMilliseconds { get; set; }

        /// <summary>How many of the newest log lines the device keeps in RAM (each at most 160 characters).</summary>
        public int LogLines { get; set; }

        /// <summary>The most characters those lines may add up to (the oldest go first): what bounds the log's RAM.</summary>
        public int LogCharacters { get; set; }

        /// <summary>How long a new image on trial has to confirm itself before the device restarts and reverts it.</summary>
        public int TrialDeadlineMilliseconds { get; set; }

        /// <summary>Approval policy, power-on window, press time and the owner code (from <c>fota code new</c>, in OwnerCode.cs).</summary>
        public ApprovalSettings Approval { get; set; }

        /// <summary>
        /// The largest SMP request the device takes (MCUmgr "buf_size"); the heap pays for it once per
        /// buffer. Default 1220: whole ATT payloads at MTU 247 and at MTU 23 (docs/esp32.md).
        /// </summary>
        public int SmpBufferSize { get; set; }

        /// <summary>How many requests the BLE link queues (MCUmgr "buf_count"; default 3: a client keeps 2 in flight).</summary>
        public int SmpBufferCount { get; set; }

        /// <summary>A fixed 6-digit passkey printed on the device: BLE clients must pair with it (-1: no pairing).</summary>
        public int Passkey { get; set; }

        /// <summary>Whether paired clients are remembered (bonding).</summary>
        public bool AllowBonding { get; set; }

        /// <summary>The public keys (DER SubjectPublicKeyInfo) that may sign updates: from <c>fota getpub --format csharp</c>.</summary>
        public byte[][] TrustedKeys { get; set; }
    }
}
