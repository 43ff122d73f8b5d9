using FotaDevice.Binary;
using FotaDevice.Crypto;
using nanoFramework.TestFramework;

namespace FotaDevice.OnDevice
{
    /// <summary>The device's own crypto, on published vectors (short ones: the interpreter is slow).</summary>
    [TestClass]
    public class CryptoTests
    {
        [TestMethod]
        public void Sha256FipsVectors()
        {
            CollectionAssert.AreEqual(Hex.Bytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), Sha256.Hash(Hex.Ascii("abc")));
            CollectionAssert.AreEqual(Hex.Bytes("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), Sha256.Hash(new byte[0]));
            CollectionAssert.AreEqual(
                Hex.Bytes("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
                Sha256.Hash(Hex.Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
        }

        [TestMethod]
        public void Sha256GivesTheSameDigestForAnySplit()
        {
            byte[] data = new byte[130];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 7);
            }

            byte[] whole = Sha256.Hash(data);
            int[] splits = new int[] { 1, 55, 56, 63, 64, 65, 129 };
            for (int s = 0; s < splits.Length; s++)
            {
                Sha256 sha = new Sha256();
                sha.Update(data, 0, splits[s]);
                sha.Update(data, splits[s], data.Length - splits[s]);
                byte[] digest = new byte[32];
                sha.Final(digest, 0);
                CollectionAssert.AreEqual(whole, digest);
            }
        }

        [TestMethod]
        public void Sha512FipsVector()
        {
            CollectionAssert.AreEqual(
                Hex.Bytes("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
                Sha512.Hash(Hex.Ascii("abc")));
        }

        [TestMethod]
        public void Ed25519Rfc8032Test1()
        {
            byte[] key = Hex.Bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
            byte[] signature = Hex.Bytes("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
            Ed25519Verifier verifier = new Ed25519Verifier();
            Assert.IsTrue(verifier.Verify(key, 0, new byte[0], 0, 0, signature, 0));
            signature[10] ^= 1;
            Assert.IsFalse(verifier.Verify(key, 0, new byte[0], 0, 0, signature, 0));
        }

        [TestMethod]
        public void EcdsaP256Rfc6979Sample()
        {
            byte[] key = Hex.Bytes("0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB67903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
            byte[] signature = Hex.Bytes("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            Assert.IsTrue(verifier.Verify(key, 0, Sha256.Hash(Hex.Ascii("sample")), 0, signature, 0));
            Assert.IsFalse(verifier.Verify(key, 0, Sha256.Hash(Hex.Ascii("test")), 0, signature, 0));
        }

        /// <summary>
        /// RFC 6979 A.2.5, SHA-256, message "test". Every field subtraction with a borrow goes
        /// through the carries that nanoCLR got wrong in Release builds (rule NF007): before the
        /// fix, this failed on the interpreter in Release and passed in Debug and on .NET.
        /// </summary>
        [TestMethod]
        public void EcdsaP256Rfc6979TestMessageInRelease()
        {
            byte[] key = Hex.Bytes("0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB67903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
            byte[] signature = Hex.Bytes("F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083");
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            Assert.IsTrue(verifier.Verify(key, 0, Sha256.Hash(Hex.Ascii("test")), 0, signature, 0));
            signature[63] ^= 0x80;
            Assert.IsFalse(verifier.Verify(key, 0, Sha256.Hash(Hex.Ascii("test")), 0, signature, 0));
        }

        /// <summary>The reinterpretations the device code relies on give signed values on the interpreter too.</summary>
        [TestMethod]
        public void SignedReinterpretationsShiftArithmetically()
        {
            ulong allOnes = 0;
            allOnes--;
            Assert.AreEqual(-1L, Signed.FromUInt64(allOnes) >> 32);
            Assert.AreEqual(-1, Signed.FromUInt32(0xFFFFFFFF) >> 16);
            Assert.AreEqual(-2L, Signed.FromUInt64(allOnes - 3) / 2);
        }
    }
}
