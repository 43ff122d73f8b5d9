using FotaDevice.Platform;
using FotaDevice.Protocol.Smp.Groups;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>SMP requests through the device's SMP server, as a BLE client sends them (small writes).</summary>
    [TestClass]
    public class SmpTests
    {
        [TestMethod]
        public void EchoOverTwentyByteWrites()
        {
            CapturingTransport transport = new CapturingTransport();
            SmpServer server = NewServer(transport);

            // Header: write, SMP v2, length 6, group 0, sequence 7, id 0 (echo); body {"d": "hi"}.
            byte[] request = new byte[] { 0x0A, 0, 0, 6, 0, 0, 7, 0, 0xA1, 0x61, 0x64, 0x62, 0x68, 0x69 };
            server.Receive("ble", request, 0, 5);
            Assert.AreEqual(0, transport.Length);
            server.Receive("ble", request, 5, request.Length - 5);

            // Reply: write response, same sequence, body {"r": "hi"}.
            Assert.AreEqual(14, transport.Length);
            Assert.AreEqual((byte)0x0B, transport.Bytes[0]);
            Assert.AreEqual((byte)7, transport.Bytes[6]);
            CollectionAssert.AreEqual(new byte[] { 0xA1, 0x61, 0x72, 0x62, 0x68, 0x69 }, Tail(transport, 8));
        }

        [TestMethod]
        public void GarbageGetsAnErrorOrNothingAndNeverThrows()
        {
            CapturingTransport transport = new CapturingTransport();
            SmpServer server = NewServer(transport);
            byte[] junk = new byte[] { 0x02, 0x08, 0x00, 0x03, 0x00, 0x01, 0x01, 0x01, 0xFF, 0xFF, 0xFF };
            server.ReceiveDatagram("udp", junk, 0, junk.Length);
            Assert.IsTrue(transport.Length >= 8); // an error reply
            server.ReceiveDatagram("udp", junk, 0, 3); // a truncated header: no reply, no exception
        }

        private static byte[] Tail(CapturingTransport transport, int from)
        {
            byte[] tail = new byte[transport.Length - from];
            System.Array.Copy(transport.Bytes, from, tail, 0, tail.Length);
            return tail;
        }

        private static SmpServer NewServer(CapturingTransport transport)
        {
            return new SmpServer(RamDevice.Start(new ISlot[] { new RamSlot(1024), new RamSlot(1024) }), new SmpServerSettings(), transport);
        }

        private sealed class CapturingTransport : ISmpTransport
        {
            public readonly byte[] Bytes = new byte[512];

            public int Length { get; private set; }

            public void Send(object client, byte[] buffer, int offset, int count)
            {
                System.Array.Copy(buffer, offset, Bytes, Length, count);
                Length += count;
            }

            public int MaxFragment(object client)
            {
                return 20;
            }
        }
    }
}
