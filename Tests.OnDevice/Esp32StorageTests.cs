#if NANOFRAMEWORK_1_0
using System.IO;
using FotaDevice.Platform.Storage;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>
    /// The I: storage adapters on the board's real LittleFS drive. Built for nanoFramework only (the
    /// host has no I: drive); the logic above them is tested here and on .NET alike.
    /// </summary>
    [TestClass]
    public class Esp32StorageTests
    {
        private const string Folder = "I:\\fota-test";

        [TestMethod]
        public void ASlotFileKeepsItsAppendsAcrossInstances()
        {
            if (!Directory.Exists(Folder))
            {
                Directory.CreateDirectory(Folder);
            }

            FileSlot slot = new FileSlot(Folder + "\\slot.bin", 4096, new WriteBlock(64));
            slot.Erase();
            slot.Append(0, new byte[] { 1, 2, 3 }, 0, 3);
            slot.Append(3, new byte[] { 4 }, 0, 1);
            Assert.AreEqual(4, slot.Length); // in the write block: what a power cut now would lose
            slot.Close();                    // written out and synced, the file closed
            FileSlot again = new FileSlot(Folder + "\\slot.bin", 4096);
            Assert.AreEqual(4, again.Length);
            byte[] read = new byte[4];
            Assert.AreEqual(4, again.Read(0, read, 0, 4));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, read);
            Assert.ThrowsException(typeof(IOException), () => again.Append(2, new byte[] { 9 }, 0, 1));
            again.Erase();
            Assert.AreEqual(0, again.Length);
        }

        [TestMethod]
        public void RecordFilesReadBackAndAMissingOneReadsAsNothing()
        {
            if (!Directory.Exists(Folder))
            {
                Directory.CreateDirectory(Folder);
            }

            FileRecordStore records = new FileRecordStore(Folder);
            records.Write(0, new byte[] { 7, 8, 9 }, 0, 3);
            byte[] read = new byte[8];
            Assert.AreEqual(3, records.Read(0, read, 0, 8));
            Assert.AreEqual((byte)9, read[2]);
            if (File.Exists(Folder + "\\boot-state-1.bin"))
            {
                File.Delete(Folder + "\\boot-state-1.bin");
            }

            Assert.AreEqual(0, records.Read(1, read, 0, 8));
        }
    }
}
#endif
