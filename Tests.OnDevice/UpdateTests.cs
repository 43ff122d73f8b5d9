using FotaDevice.Platform;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>Boot state, boot decision, approval and upload on the device's runtime.</summary>
    [TestClass]
    public class UpdateTests
    {
        [TestMethod]
        public void BootStateSurvivesAndATornCopyIsIgnored()
        {
            RamRecords records = new RamRecords();
            BootStateStore store = new BootStateStore(records);
            BootState state = new BootState();
            state.ConfirmedSlot = 1;
            state.SecurityCounter = 3;
            store.Save(state);
            state.SecurityCounter = 4;
            store.Save(state);
            records.Copies[1][20] ^= 0xFF; // the newest copy is damaged: the other holds the same state

            BootState loaded = new BootState();
            Assert.IsTrue(new BootStateStore(records).Load(loaded));
            Assert.AreEqual(4, (int)loaded.SecurityCounter);
            Assert.AreEqual(1, loaded.ConfirmedSlot);
        }

        [TestMethod]
        public void AnUnconfirmedTrialIsReverted()
        {
            ISlot[] slots = Slots(1, 2);
            RamRecords records = new RamRecords();
            BootState state = new BootState();
            state.ConfirmedSlot = 0;
            state.TrialSlot = 1;
            new BootStateStore(records).Save(state);

            BootPlan plan = new BootDecision(new BootStateStore(records), new FirstByteVerifier(slots), new QuietLog()).Decide(new BootState());
            Assert.AreEqual(0, plan.RunSlot);
            Assert.IsFalse(plan.Trial);
        }

        [TestMethod]
        public void APressApprovesTheOneSwitchThatWaits()
        {
            ApprovalButton button = new ApprovalButton();
            UpdateEngine engine = RamDevice.Start(Slots(1, 0), button);
            byte[] image = new byte[] { 2 };
            engine.Upload("c", 0, image, 0, 1, 1, null, 0);
            byte[] hash = engine.SlotImage(1).ImageHash;
            Assert.AreEqual(UpdateStatus.ApprovalRequired, engine.Switch(hash, 0, false)); // waits for a press
            Assert.IsTrue(button.Waiting);
            button.Press();                                                                // the press approves that switch
            Assert.IsTrue(engine.IsPending(1));
            Assert.IsFalse(button.Waiting);
        }

        [TestMethod]
        public void UploadAnswersDuplicatesWithTheNextOffsetAndRefusesDataPastTheEnd()
        {
            UpdateEngine engine = RamDevice.Start(Slots(1, 0));

            byte[] image = new byte[300];
            image[0] = 2;
            Assert.AreEqual(100, engine.Upload("c", 0, image, 0, 100, 300, null, 0).NextOffset);
            Assert.AreEqual(100, engine.Upload("c", 50, image, 50, 100, -1, null, 0).NextOffset);
            Assert.AreEqual(UpdateStatus.InvalidRequest, engine.Upload("c", 100, image, 100, 250, -1, null, 0).Status);
            UploadReply last = engine.Upload("c", 100, image, 100, 200, -1, null, 0);
            Assert.IsTrue(last.Complete);
            Assert.IsTrue(engine.SlotImage(1).Bootable);
        }

        private static ISlot[] Slots(byte versionA, byte versionB)
        {
            RamSlot a = new RamSlot(1024);
            RamSlot b = new RamSlot(1024);
            if (versionA != 0)
            {
                a.Append(0, new byte[] { versionA }, 0, 1);
            }

            if (versionB != 0)
            {
                b.Append(0, new byte[] { versionB }, 0, 1);
            }

            return new ISlot[] { a, b };
        }
    }
}
