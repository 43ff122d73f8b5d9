using System.IO;
using System.Threading;
using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Platform.Ble;
using FotaDevice.Platform.Esp32;
using FotaDevice.Platform.Logging;
using FotaDevice.Platform.Storage;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Slots;

namespace FotaDevice.Shim.Esp32
{
    /// <summary>
    /// The program deployed to the ESP32: sets up storage on I:, decides what runs, starts the app
    /// beside the update service, and keeps running so a broken app can still be replaced.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point of the firmware.</summary>
        public static void Main()
        {
            DeviceConfiguration config = new DeviceConfiguration();
            // The last lines stay in RAM for the owner (the console reaches only an attached debugger).
            RingLog log = new RingLog(config.LogLines, config.LogCharacters, new ConsoleLog());
            if (!Directory.Exists(config.StorageFolder))
            {
                Directory.CreateDirectory(config.StorageFolder);
            }

            WriteBlock block = new WriteBlock(FileSlot.DefaultBlockSize); // one write buffer for both slots
            ISlot[] slots = new ISlot[]
            {
                new FileSlot(config.StorageFolder + "\\slot-a.bin", config.SlotSize, block),
                new FileSlot(config.StorageFolder + "\\slot-b.bin", config.SlotSize, block),
            };
            KeyRing keys = new KeyRing();
            for (int i = 0; i < config.TrustedKeys.Length; i++)
            {
                try
                {
                    keys.Add(config.TrustedKeys[i]);
                }
                catch (System.Exception e)
                {
                    log.Warn("trusted key " + i.ToString() + " is ignored: " + e.Message); // a bad key must not stop the device
                }
            }

            if (keys.Count == 0)
            {
                log.Warn("no trusted keys: run 'fota getpub KEY.pem --format csharp -o Bootloader.Shim/Esp32/TrustedKeys.cs' and rebuild");
            }

            DeviceIdentity identity = new DeviceIdentity(config.ProductId, BundleRuntime.NanoFramework, new LoadedLibraryCatalog());
            ApprovalButton button = new ApprovalButton();
            config.Approval.Random = new HardwareRandom(); // the owner code's challenges: the ESP32's hardware generator
            ShimPlatform platform = new ShimPlatform(slots, new FileRecordStore(config.StorageFolder), new DeviceClock(), log, new DeviceRebooter(), button);
            BootShim shim = new BootShim(platform, new ImageSlotVerifier(slots, keys, identity), config.Approval, new BundleAppLoader(slots, BundleRuntime.NanoFramework, new NativeHeap(), BundleAppLoader.DefaultReserveBytes));
            shim.TrialDeadlineMilliseconds = config.TrialDeadlineMilliseconds;
            UpdateEngine engine = shim.StartService();

            SmpServerSettings smp = new SmpServerSettings();
            smp.DeviceName = config.DeviceName;
            smp.BufferSize = config.SmpBufferSize;
            smp.BufferCount = config.SmpBufferCount;
            smp.Log = log;
            BleSmpService ble = new BleSmpService(log);
            SmpGattLink link = new SmpGattLink(ble, smp.BufferCount, smp.BufferSize, log);
            link.Attach(new SmpServer(engine, smp, link));
            ble.Start(config.DeviceName, link, config.Passkey, config.AllowBonding);
            shim.StartApp(); // last: its fit check counts the update service and the BLE link as taken

            ButtonWatcher watcher = new ButtonWatcher(config.ButtonPin, config.LedPin, config.DebounceMilliseconds,
                new ButtonPressedHandler(button.Press), new WaitingForPressHandler(() => button.Waiting));
            log.Info("ready: the owner approves with the button on GPIO " + config.ButtonPin.ToString());
            while (true)
            {
                Thread.Sleep(1000);
                shim.Tick(); // the engine's timed work and the trial watchdog (no managed watchdog on the ESP32)
            }
        }
    }
}
