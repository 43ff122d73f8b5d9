using System.Security.Cryptography;
using FotaDevice.Host.Signing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FotaDevice.Host.Tests.Images;

// Test-only signers with in-memory keys (the host tests, the device tests and the campaigns use them).

/// <summary>ECDSA P-256 with .NET: DER signature of the digest as prehash.</summary>
public sealed class EcdsaTestSigner : IImageSigner, IDisposable
{
    private readonly ECDsa _key;

    public EcdsaTestSigner()
        : this(ECDsa.Create(ECCurve.NamedCurves.nistP256))
    {
    }

    private EcdsaTestSigner(ECDsa key) => _key = key;

    public static EcdsaTestSigner FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new EcdsaTestSigner(key);
    }

    public KeyType KeyType => KeyType.EcdsaP256;

    public byte[] PublicKeyInfo => _key.ExportSubjectPublicKeyInfo();

    public byte[] SignDigest(byte[] digest) => _key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}

/// <summary>Ed25519 with BouncyCastle: the digest is the message.</summary>
public sealed class Ed25519TestSigner : IImageSigner
{
    private readonly Ed25519PrivateKeyParameters _key;

    public Ed25519TestSigner()
        : this(new Ed25519PrivateKeyParameters(new SecureRandom()))
    {
    }

    private Ed25519TestSigner(Ed25519PrivateKeyParameters key) => _key = key;

    /// <summary>The key whose 32-byte private seed is <paramref name="seed"/> (Ed25519 signatures are deterministic).</summary>
    public static Ed25519TestSigner FromSeed(byte[] seed) => new(new Ed25519PrivateKeyParameters(seed, 0));

    public static Ed25519TestSigner FromPem(string pem)
    {
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim())));
        return new Ed25519TestSigner((Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(PrivateKeyInfo.GetInstance(der)));
    }

    public KeyType KeyType => KeyType.Ed25519;

    public byte[] PublicKeyInfo => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(_key.GeneratePublicKey()).GetDerEncoded();

    public byte[] SignDigest(byte[] digest)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(digest, 0, digest.Length);
        return signer.GenerateSignature();
    }
}
