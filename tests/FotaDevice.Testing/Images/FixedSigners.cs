using System.Security.Cryptography;
using FotaDevice.Host.Signing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace FotaDevice.Testing.Images;

/// <summary>
/// Signers whose keys come from a fixed label and whose signatures are deterministic (ECDSA P-256
/// with RFC 6979 nonces, Ed25519), so a campaign builds byte-identical images in every run and a
/// failure replays exactly. Test keys only: anyone can derive them from the label.
/// </summary>
public static class FixedSigners
{
    /// <summary>An ECDSA P-256 key derived from <paramref name="label"/>.</summary>
    public static IImageSigner EcdsaP256(string label) => new EcdsaP256Signer(Seed(label));

    /// <summary>An Ed25519 key derived from <paramref name="label"/>.</summary>
    public static IImageSigner Ed25519(string label) => FotaDevice.Host.Tests.Images.Ed25519TestSigner.FromSeed(Seed(label));

    private static byte[] Seed(string label) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("FotaDevice test key: " + label));

    private sealed class EcdsaP256Signer : IImageSigner
    {
        private readonly ECPrivateKeyParameters _key;

        public EcdsaP256Signer(byte[] seed)
        {
            var curve = ECNamedCurveTable.GetByOid(X9ObjectIdentifiers.Prime256v1);
            var domain = new ECNamedDomainParameters(X9ObjectIdentifiers.Prime256v1, curve);
            var d = new BigInteger(1, seed).Mod(domain.N.Subtract(BigInteger.One)).Add(BigInteger.One);
            _key = new ECPrivateKeyParameters(d, domain);
            var q = domain.G.Multiply(d).Normalize();
            PublicKeyInfo = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(new ECPublicKeyParameters(q, domain)).GetDerEncoded();
        }

        public KeyType KeyType => KeyType.EcdsaP256;

        public byte[] PublicKeyInfo { get; }

        public byte[] SignDigest(byte[] digest)
        {
            var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, _key);
            var rs = signer.GenerateSignature(digest);
            return new DerSequence(new DerInteger(rs[0]), new DerInteger(rs[1])).GetDerEncoded();
        }
    }
}
