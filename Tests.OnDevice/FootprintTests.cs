using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Platform.Ble;
using FotaDevice.Platform.Logging;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Slots;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>
    /// What the update service keeps in the heap, part by part, built as the ESP32 program builds it
    /// (one ECDSA P-256 key, the shipped SMP buffers, a full log ring) and used once (a streamed image
    /// started, a request through the GATT link), so that lazily allocated parts count too. Each part
    /// is printed as "FOOTPRINT part bytes"; the total must stay within the update service's share of
    /// the ESP32's heap, so that the rest is the app's.
    /// </summary>
    [TestClass]
    public class FootprintTests
    {
#if NANOFRAMEWORK_1_0
        /// <summary>
        /// The update service's share of the heap, as nanoFramework measures it (what stays after a
        /// collection): an ESP32 BLE build without PSRAM has about 50 KB, the app's assemblies and
        /// objects need the rest. nanoCLR on a 64-bit host uses larger heap blocks than the ESP32, so
        /// the figure measured there is an upper bound of the ESP32's.
        /// </summary>
        public const int BudgetBytes = 24 * 1024;
#else
        /// <summary>
        /// On .NET the runner counts what the steps allocate, garbage included, with .NET's 64-bit
        /// object layout: not the device's figure, but repeatable, so a new buffer shows here too.
        /// </summary>
        public const int BudgetBytes = 64 * 1024;
#endif

        // The RFC 6979 A.2.5 P-256 public key as a SubjectPublicKeyInfo.
        private const string P256Key = "3059301306072a8648ce3d020106082a8648ce3d03010703420004"
            + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

        private long _mark;
        private long _total;

        [TestMethod]
        public void TheUpdateServiceFitsItsShareOfTheHeap()
        {
            Assert.IsNotNull(TestHeap.Current, "no heap to measure");
            ISlot[] slots = new ISlot[] { new RamSlot(1024), new RamSlot(1024) };
            byte[] key = Hex.Bytes(P256Key);
            _mark = TestHeap.Current.FreeBytes;

            KeyRing keys = new KeyRing();
            keys.Add(key);
            Part("KeyRing (one P-256 key)");

            ImageSlotVerifier verifier = new ImageSlotVerifier(slots, keys, new DeviceIdentity("board", BundleRuntime.NanoFramework, null));
            Part("ImageSlotVerifier (validator, P-256 verifier)");

            verifier.StartStream();
            Part("streaming validator (first upload)");

            ManualClock clock = new ManualClock();
            RingLog log = new RingLog(48, null);
            for (int i = 0; i < 48; i++)
            {
                log.Info("a log line of about the length the device writes, number " + i.ToString());
            }

            Part("RingLog (48 lines, full)");

            DeviceStart start = new DeviceStart(slots, new RamRecords(), verifier, new ApprovalSettings(), new ApprovalButton(), clock, new NoReboot(), log);
            Part("DeviceStart: boot state, decision, approval, UpdateEngine");

            SmpServerSettings settings = new SmpServerSettings();
            CollectingNotifier notifier = new CollectingNotifier();
            Part("(test's GATT peer)", false);

            SmpGattLink link = new SmpGattLink(notifier, settings.BufferCount, settings.BufferSize, log);
            Part("SmpGattLink (" + settings.BufferCount.ToString() + " x " + settings.BufferSize.ToString() + " bytes)");

            link.Attach(new SmpServer(start.Engine, settings, link));
            Part("SmpServer");

            byte[] echo = SmpFrames.Echo("abcdefghijklmnopqrstuvwxyz", 1);
            Part("(test's request)", false);
            Assert.IsTrue(link.OnWrite(echo, 0, echo.Length));
            while (link.ProcessOne())
            {
            }

            Assert.AreEqual(echo.Length, notifier.Length); // the request was served
            Part("first request served (lazy buffers)");

            OutputHelper.WriteLine("FOOTPRINT total " + _total.ToString() + " (budget " + BudgetBytes.ToString() + ")");
            Assert.IsTrue(_total <= BudgetBytes, "the update service takes " + _total.ToString() + " bytes of heap, its budget is " + BudgetBytes.ToString());
            Assert.IsTrue(_total > 0, "nothing measured");
        }

        private void Part(string name)
        {
            Part(name, true);
        }

        private void Part(string name, bool counts)
        {
            long now = TestHeap.Current.FreeBytes;
            long used = _mark - now;
            _mark = now;
            if (counts)
            {
                _total += used;
            }

            OutputHelper.WriteLine("FOOTPRINT " + name + " " + used.ToString());
        }
    }
}
