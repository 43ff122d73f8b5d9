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
        /// The update service's share of the heap on an ESP32 (12-byte heap blocks), as nanoFramework
        /// measures it (what stays after a collection); an ESP32 BLE build without PSRAM has about 50 KB
        /// in all. On a runtime with larger blocks (nanoCLR on a 64-bit host: 24) the budget grows in
        /// proportion, an upper bound since array contents do not grow.
        /// </summary>
        public const int BudgetBytes = 36 * 1024;

        private const int DeviceBlockSize = 12;
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

        [TestMethod]
        public void TheUpdateServiceFitsItsShareOfTheHeap()
        {
            Assert.IsNotNull(TestHeap.Current, "no heap to measure");
            ISlot[] slots = new ISlot[] { new RamSlot(1024), new RamSlot(1024) };
            byte[] key = Hex.Bytes(P256Key);
            HeapParts heap = new HeapParts(TestHeap.Current); // local state: the launcher may run a test without an instance

            KeyRing keys = new KeyRing();
            keys.Add(key);
            heap.Part("KeyRing (one P-256 key)");

            ImageSlotVerifier verifier = new ImageSlotVerifier(slots, keys, new DeviceIdentity("board", BundleRuntime.NanoFramework, null));
            heap.Part("ImageSlotVerifier (validator, P-256 verifier)");

            verifier.StartStream();
            heap.Part("streaming validator (first upload)");

            ManualClock clock = new ManualClock();
            RingLog log = new RingLog(48, 2048, null); // the ESP32's LogLines and LogCharacters
            for (int i = 0; i < 48; i++)
            {
                log.Info("a line of the usual length, number " + i.ToString()); // the character budget fills first
            }

            heap.Part("RingLog (48 lines / 2048 characters, full)");

            DeviceStart start = new DeviceStart(slots, new RamRecords(), verifier, new ApprovalSettings(), new ApprovalButton(), clock, new NoReboot(), log);
            heap.Part("DeviceStart: boot state, decision, approval, UpdateEngine");

            SmpServerSettings settings = new SmpServerSettings();
            CollectingNotifier notifier = new CollectingNotifier();
            heap.Part("(test's GATT peer)", false);

            SmpGattLink link = new SmpGattLink(notifier, settings.BufferCount, settings.BufferSize, log);
            heap.Part("SmpGattLink (" + settings.BufferCount.ToString() + " x " + settings.BufferSize.ToString() + " bytes)");

            link.Attach(new SmpServer(start.Engine, settings, link));
            heap.Part("SmpServer");

            byte[] echo = SmpFrames.Echo("abcdefghijklmnopqrstuvwxyz", 1);
            heap.Part("(test's request)", false);
            Assert.IsTrue(link.OnWrite(echo, 0, echo.Length));
            while (link.ProcessOne())
            {
            }

            Assert.AreEqual(echo.Length, notifier.Length); // the request was served
            heap.Part("first request served (lazy buffers)");

            long total = heap.Total;
            long budget = Budget();
            OutputHelper.WriteLine("FOOTPRINT total " + total.ToString() + " (budget " + budget.ToString() + ")");
            Assert.IsTrue(total <= budget, "the update service takes " + total.ToString() + " bytes of heap, its budget is " + budget.ToString());
            Assert.IsTrue(total > 0, "nothing measured");
        }

        private static long Budget()
        {
#if NANOFRAMEWORK_1_0
            int block = HeapParts.BlockSize(TestHeap.Current);
            OutputHelper.WriteLine("FOOTPRINT heap block " + block.ToString() + " bytes (ESP32: " + DeviceBlockSize.ToString() + ")");
            return block > DeviceBlockSize ? (long)BudgetBytes * block / DeviceBlockSize : BudgetBytes;
#else
            return BudgetBytes;
#endif
        }
    }

    /// <summary>Heap used step by step: each <see cref="Part(string)"/> prints what the heap lost since the last.</summary>
    internal sealed class HeapParts
    {
        private readonly IHeap _heap;
        private long _mark;

        public HeapParts(IHeap heap)
        {
            _heap = heap;
            _mark = heap.FreeBytes;
            _mark = heap.FreeBytes; // a second collection: what the first left for finalization is gone too
        }

        /// <summary>
        /// The runtime's heap block, from what 64 references cost (each takes one block; 12 bytes on an
        /// ESP32, 24 on a 64-bit host).
        /// </summary>
        public static int BlockSize(IHeap heap)
        {
            long before = heap.FreeBytes;
            object[] probe = new object[64];
            long cost = before - heap.FreeBytes;
            // probe is read after the measurement, so it stays alive (and counted) across it.
            return probe.Length > 0 && cost >= 64 * 20 ? 24 : 12;
        }

        /// <summary>The sum of the parts that count.</summary>
        public long Total { get; private set; }

        public void Part(string name)
        {
            Part(name, true);
        }

        public void Part(string name, bool counts)
        {
            long now = _heap.FreeBytes;
            long used = _mark - now;
            _mark = now;
            if (counts)
            {
                Total += used;
            }

            OutputHelper.WriteLine("FOOTPRINT " + name + " " + used.ToString());
        }
    }
}
