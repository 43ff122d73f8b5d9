using FotaDevice.Update.State;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>A boot-record write torn by a power cut at every length leaves the previous state.</summary>
    [TestClass]
    public class PowerCutTests
    {
        [TestMethod]
        public void ATornRecordAtAnyLengthKeepsThePreviousState()
        {
            RamRecords records = new RamRecords();
            BootStateStore store = new BootStateStore(records);
            BootState state = new BootState();
            state.ConfirmedSlot = 0;
            state.SecurityCounter = 5;
            store.Save(state); // copy 0
            state.SecurityCounter = 6;
            store.Save(state); // copy 1: the newest
            byte[] complete = records.Copies[0];
            state.SecurityCounter = 7;
            byte[] next = new byte[BootRecordCodec.Size];
            state.Sequence = 3;
            BootRecordCodec.Encode(state, next);

            for (int cut = 0; cut < BootRecordCodec.Size; cut++)
            {
                // The third save goes to copy 0 and is cut after `cut` bytes.
                byte[] torn = new byte[cut];
                System.Array.Copy(next, torn, cut);
                records.Copies[0] = torn;
                BootState loaded = new BootState();
                Assert.IsTrue(new BootStateStore(records).Load(loaded));
                Assert.AreEqual(6, (int)loaded.SecurityCounter);
            }

            records.Copies[0] = complete;
        }
    }
}
