using System;
using FotaDevice.Crypto.Ed25519;

namespace FotaDevice.Crypto
{
    /// <summary>
    /// Ed25519 signature verification (RFC 8032), in fixed memory: all scratch space is
    /// allocated by the constructor, a verification allocates nothing.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Policy (the same as libsodium's default, "strict" verification): a signature is accepted
    /// only when S is canonical (S &lt; L); the public key A and the commitment R decode under
    /// RFC 8032 section 5.1.3 with no leniency (y &lt; p, a square root exists, no x = 0 with the
    /// sign bit set); neither A nor R is one of the eight points of small order (the torsion
    /// points, whose signatures say nothing about a key); and [S]B = R + [k]A holds exactly
    /// (the cofactorless equation), with k = SHA-512(R || A || M) mod L.
    /// </para>
    /// <para>
    /// [S]B - [k]A is computed with one Straus-Shamir pass over width-5 NAFs of S and k, then
    /// compared with the decoded R in projective coordinates. Because R was decoded strictly,
    /// that is the same as comparing the encoding of [S]B - [k]A with R's 32 bytes, without the
    /// field inversion an encoding needs.
    /// </para>
    /// <para>
    /// Memory: roughly 8 KB of heap per instance (65 field elements of 80 bytes, most of them the
    /// table of eight multiples of A; the SHA-512 state; the two NAFs), plus about 3.5 KB shared by
    /// all instances for the base-point table, built once by a static constructor. A verification
    /// costs about 1,550 field multiplications and 1,530 squarings (two square roots for decoding
    /// A and R take a third of the squarings). An instance is not thread-safe.
    /// </para>
    /// </remarks>
    public sealed class Ed25519Verifier
    {
        /// <summary>Size of a public key.</summary>
        public const int PublicKeySize = 32;

        /// <summary>Size of a signature: R then S.</summary>
        public const int SignatureSize = 64;

        private readonly Sha512 _sha = new Sha512();
        private readonly Scalar25519 _scalar = new Scalar25519();
        private readonly Edwards25519 _curve = new Edwards25519();
        private readonly EdwardsPoint _negA = new EdwardsPoint();
        private readonly EdwardsPoint _r = new EdwardsPoint();
        private readonly EdwardsPoint _check = new EdwardsPoint();
        private readonly CachedPoint[] _tableA = new CachedPoint[Edwards25519.TableSize];
        private readonly byte[] _digest = new byte[Sha512.HashSize];
        private readonly byte[] _k = new byte[Scalar25519.Size];
        private readonly sbyte[] _nafK = new sbyte[Scalar25519.NafLength];
        private readonly sbyte[] _nafS = new sbyte[Scalar25519.NafLength];

        /// <summary>Creates a verifier with all the memory it will use.</summary>
        public Ed25519Verifier()
        {
            for (int i = 0; i < _tableA.Length; i++)
            {
                _tableA[i] = new CachedPoint();
            }
        }

        /// <summary>
        /// Verifies a signature of a message. Returns false for any invalid key, signature or
        /// mismatch; never throws for bad key or signature bytes.
        /// </summary>
        /// <param name="publicKey">Holds the 32-byte public key A at <paramref name="keyOffset"/>.</param>
        /// <param name="keyOffset">Where the key starts.</param>
        /// <param name="message">Holds the signed message.</param>
        /// <param name="messageOffset">Where the message starts.</param>
        /// <param name="messageLength">Length of the message in bytes (may be 0).</param>
        /// <param name="signature">Holds the 64-byte signature R || S at <paramref name="signatureOffset"/>.</param>
        /// <param name="signatureOffset">Where the signature starts.</param>
        /// <returns>True only for a valid signature of the message under the key.</returns>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The key, message or signature range is not inside its array.</exception>
        public bool Verify(byte[] publicKey, int keyOffset, byte[] message, int messageOffset, int messageLength, byte[] signature, int signatureOffset)
        {
            CheckRange(publicKey, "publicKey", keyOffset, PublicKeySize, "keyOffset");
            CheckRange(message, "message", messageOffset, messageLength, "messageOffset");
            CheckRange(signature, "signature", signatureOffset, SignatureSize, "signatureOffset");

            int sOffset = signatureOffset + 32;
            if (!Scalar25519.IsCanonical(signature, sOffset))
            {
                return false;
            }

            Edwards25519 curve = _curve;
            if (!curve.Decode(_negA, publicKey, keyOffset, true) || curve.IsSmallOrder(_negA))
            {
                return false;
            }

            if (!curve.Decode(_r, signature, signatureOffset, false) || curve.IsSmallOrder(_r))
            {
                return false;
            }

            // k = SHA-512(R || A || M) mod L.
            Sha512 sha = _sha;
            sha.Reset();
            sha.Update(signature, signatureOffset, 32);
            sha.Update(publicKey, keyOffset, PublicKeySize);
            sha.Update(message, messageOffset, messageLength);
            sha.Final(_digest, 0);
            _scalar.Reduce(_digest, 0, _k, 0);

            // [S]B + [k](-A) must be R.
            Scalar25519.ToNaf(_k, 0, _nafK);
            Scalar25519.ToNaf(signature, sOffset, _nafS);
            curve.OddMultiples(_tableA, _negA);
            curve.DoubleScalarMultiply(_check, _nafK, _tableA, _nafS);
            return curve.EqualsAffine(_check, _r);
        }

        private static void CheckRange(byte[] data, string name, int offset, int count, string offsetName)
        {
            if (data == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(offsetName, "range outside " + name);
            }
        }
    }
}
