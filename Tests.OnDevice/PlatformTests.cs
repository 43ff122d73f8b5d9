using FotaDevice.Platform;
using FotaDevice.Platform.Ble;
using FotaDevice.Platform.Button;
using FotaDevice.Platform.Logging;
using FotaDevice.Protocol.Smp.Groups;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>The portable halves of the board's adapters (button, log ring, BLE link), on the interpreter.</summary>
    [TestClass]
    public class PlatformTests
    {
        [TestMethod]
        public void TheFirstPressCountsAndBounceDoesNot()
        {
            PressDetector button = new PressDetector(50);
            Assert.IsTrue(button.Down(0)); // the old watcher lost this one: now - long.MinValue overflowed
            button.Up(3);
            Assert.IsFalse(button.Down(6));
            button.Up(200);
            Assert.IsTrue(button.Down(900));
        }

        [TestMethod]
        public void TheLogRingKeepsTheNewestLines()
        {
            RingLog log = new RingLog(2, null);
            log.Info("one");
            log.Warn("two");
            log.Info("three");
            string[] lines = new string[4];
            long first;
            Assert.AreEqual(2, log.Read(0, lines, out first));
            Assert.AreEqual(2L, first);
            Assert.AreEqual("W two", lines[0]);
            Assert.AreEqual("I three", lines[1]);
        }

        [TestMethod]
        public void TheGattLinkCarriesARequestInTwentyByteWritesAndSurvivesADrop()
        {
            CollectingNotifier notifier = new CollectingNotifier();
            SmpGattLink link = new SmpGattLink(notifier, 1, 24, new QuietLog()); // a 32-byte ring
            link.Attach(new SmpServer(RamDevice.Start(new ISlot[] { new RamSlot(1024), new RamSlot(1024) }), new SmpServerSettings(), link));

            // Echo of 26 letters: 8 + 31 bytes, written 20 + 19: the second write does not fit.
            byte[] request = SmpFrames.Echo("abcdefghijklmnopqrstuvwxyz", 1);
            Assert.IsTrue(link.OnWrite(request, 0, 20));
            Assert.IsFalse(link.OnWrite(request, 20, request.Length - 20)); // no room: dropped, the request is broken
            while (link.ProcessOne())
            {
            }

            Assert.AreEqual(0, notifier.Length);
            Assert.AreEqual(1, link.DroppedWrites);

            byte[] again = SmpFrames.Echo("abcdefghijklmnopqrstuvwxyz", 2);
            Assert.IsTrue(link.OnWrite(again, 0, 20));
            link.ProcessOne();
            Assert.IsTrue(link.OnWrite(again, 20, again.Length - 20));
            link.ProcessOne();
            Assert.AreEqual(again.Length, notifier.Length); // the echo reply is as long as the request
            Assert.AreEqual((byte)2, notifier.Bytes[6]);
            Assert.AreEqual(2, notifier.Notifications); // 39 bytes at MTU 23: 20 + 19
        }
    }
}
