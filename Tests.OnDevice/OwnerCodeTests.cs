using FotaDevice.Crypto;
using FotaDevice.Update.Approval;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>The owner code's HMAC-SHA256 as the device computes it (native on the ESP32), on RFC 4231 vectors.</summary>
    [TestClass]
    public class OwnerCodeTests
    {
        [TestMethod]
        public void HmacSha256Rfc4231()
        {
            byte[] key1 = new byte[20];
            for (int i = 0; i < key1.Length; i++)
            {
                key1[i] = 0x0b;
            }

            CollectionAssert.AreEqual(Hex.Bytes("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"), HmacSha256.Compute(key1, Hex.Ascii("Hi There")));
            CollectionAssert.AreEqual(Hex.Bytes("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"), HmacSha256.Compute(Hex.Ascii("Jefe"), Hex.Ascii("what do ya want for nothing?")));
            byte[] key6 = new byte[131];
            for (int i = 0; i < key6.Length; i++)
            {
                key6[i] = 0xaa;
            }

            CollectionAssert.AreEqual(
                Hex.Bytes("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                HmacSha256.Compute(key6, Hex.Ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
        }

        [TestMethod]
        public void AProofDiffersForAnotherActionAndComparesInConstantTime()
        {
            byte[] key = new byte[32];
            byte[] challenge = new byte[16];
            byte[] hash = new byte[32];
            hash[0] = 1;
            byte[] trial = CodeProof.Compute(key, challenge, 0, ApprovalAction.Trial, hash, 0);
            byte[] permanent = CodeProof.Compute(key, challenge, 0, ApprovalAction.Permanent, hash, 0);
            Assert.IsTrue(CodeProof.EqualInConstantTime(trial, 0, CodeProof.Compute(key, challenge, 0, ApprovalAction.Trial, hash, 0), 0, 32));
            Assert.IsFalse(CodeProof.EqualInConstantTime(trial, 0, permanent, 0, 32));
            trial[31] ^= 1;
            Assert.IsFalse(CodeProof.EqualInConstantTime(trial, 0, CodeProof.Compute(key, challenge, 0, ApprovalAction.Trial, hash, 0), 0, 32));
        }
    }
}
