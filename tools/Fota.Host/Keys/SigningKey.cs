using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using FotaDevice.Host.Signing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FotaDevice.Host.Keys;

/// <summary>
/// A private signing key in a PKCS#8 PEM file, as OpenSSL and MCUboot's <c>imgtool keygen</c> write
/// it: <c>BEGIN PRIVATE KEY</c>, or <c>BEGIN ENCRYPTED PRIVATE KEY</c> (PBES2: PBKDF2-HMAC-SHA256,
/// AES-256-CBC) when it has a passphrase. ECDSA P-256 or Ed25519.
/// </summary>
public abstract class SigningKey : IImageSigner, IDisposable
{
    /// <summary>PBKDF2 iterations for new encrypted keys (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int Pbkdf2Iterations = 600_000;

    internal const string EcPublicKeyOid = "1.2.840.10045.2.1";
    internal const string P256Oid = "1.2.840.10045.3.1.7";
    internal const string Ed25519Oid = "1.3.101.112";

    public abstract KeyType KeyType { get; }

    public abstract byte[] PublicKeyInfo { get; }

    public abstract byte[] SignDigest(byte[] digest);

    /// <summary>The key as PKCS#8 DER.</summary>
    protected abstract byte[] ExportPkcs8();

    /// <summary>Makes a new key.</summary>
    public static SigningKey Generate(KeyType type) => type switch
    {
        KeyType.EcdsaP256 => new EcdsaP256Key(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
        KeyType.Ed25519 => new Ed25519Key(new Ed25519PrivateKeyParameters(new SecureRandom())),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Reads a private key file; <paramref name="passphrase"/> is needed for an encrypted one.</summary>
    public static SigningKey Load(string path, string? passphrase = null)
    {
        var (label, der) = PemFile.Read(path);
        byte[] pkcs8;
        switch (label)
        {
            case "PRIVATE KEY":
                pkcs8 = der;
                break;
            case "ENCRYPTED PRIVATE KEY":
                if (passphrase == null)
                {
                    throw new KeyFileException($"{path} is encrypted: give its passphrase (--passphrase-file)");
                }

                try
                {
                    pkcs8 = Pkcs8PrivateKeyInfo.DecryptAndDecode(passphrase.AsSpan(), der, out _).Encode();
                }
                catch (CryptographicException e)
                {
                    throw new KeyFileException($"{path}: wrong passphrase, or the encrypted key is damaged", e);
                }

                break;
            case "EC PRIVATE KEY":
                using (var ec = ECDsa.Create())
                {
                    try
                    {
                        ec.ImportECPrivateKey(der, out _);
                    }
                    catch (CryptographicException e)
                    {
                        throw new KeyFileException($"{path}: not a readable EC private key", e);
                    }

                    pkcs8 = ec.ExportPkcs8PrivateKey();
                }

                break;
            case "PUBLIC KEY":
                throw new KeyFileException($"{path} holds a public key; signing needs the private key");
            default:
                throw new KeyFileException($"{path}: a PEM \"{label}\" is not a private key");
        }

        return FromPkcs8(pkcs8, path);
    }

    /// <summary>Writes the key as PEM, encrypted when a passphrase is given.</summary>
    public string ExportPem(string? passphrase = null)
    {
        var pkcs8 = ExportPkcs8();
        if (passphrase == null)
        {
            return PemEncoding.WriteString("PRIVATE KEY", pkcs8);
        }

        var info = Pkcs8PrivateKeyInfo.Decode(pkcs8, out _);
        var parameters = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations);
        return PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", info.Encrypt(passphrase.AsSpan(), parameters));
    }

    /// <summary>The public key as PEM (<c>BEGIN PUBLIC KEY</c>).</summary>
    public string ExportPublicPem() => PemEncoding.WriteString("PUBLIC KEY", PublicKeyInfo);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }

    private static SigningKey FromPkcs8(byte[] pkcs8, string path)
    {
        Pkcs8PrivateKeyInfo info;
        try
        {
            info = Pkcs8PrivateKeyInfo.Decode(pkcs8, out _);
        }
        catch (CryptographicException e)
        {
            throw new KeyFileException($"{path}: not a readable PKCS#8 private key", e);
        }

        var oid = info.AlgorithmId.Value;
        if (oid == Ed25519Oid)
        {
            // CurvePrivateKey ::= OCTET STRING (32 bytes) inside the PKCS#8 privateKey OCTET STRING.
            var inner = info.PrivateKeyBytes.Span;
            if (inner.Length != 34 || inner[0] != 0x04 || inner[1] != 32)
            {
                throw new KeyFileException($"{path}: malformed Ed25519 private key");
            }

            return new Ed25519Key(new Ed25519PrivateKeyParameters(inner[2..].ToArray()));
        }

        if (oid == EcPublicKeyOid)
        {
            var ec = ECDsa.Create();
            try
            {
                ec.ImportPkcs8PrivateKey(pkcs8, out _);
            }
            catch (CryptographicException e)
            {
                ec.Dispose();
                throw new KeyFileException($"{path}: not a readable EC private key", e);
            }

            var curve = ec.ExportParameters(false).Curve;
            if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1"))
            {
                var name = curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "an unnamed curve";
                ec.Dispose();
                throw new KeyFileException($"{path}: an EC key on {name}; only P-256 (prime256v1) is supported");
            }

            return new EcdsaP256Key(ec);
        }

        var what = oid switch
        {
            "1.2.840.113549.1.1.1" => "an RSA key",
            "1.3.101.110" => "an X25519 key",
            "1.3.101.113" => "an Ed448 key",
            _ => $"a key of algorithm {oid}",
        };
        throw new KeyFileException($"{path}: {what}; only ECDSA P-256 and Ed25519 are supported");
    }

    private sealed class EcdsaP256Key(ECDsa key) : SigningKey
    {
        public override KeyType KeyType => KeyType.EcdsaP256;

        public override byte[] PublicKeyInfo => key.ExportSubjectPublicKeyInfo();

        public override byte[] SignDigest(byte[] digest) => key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);

        protected override byte[] ExportPkcs8() => key.ExportPkcs8PrivateKey();

        public override void Dispose()
        {
            key.Dispose();
            base.Dispose();
        }
    }

    private sealed class Ed25519Key(Ed25519PrivateKeyParameters key) : SigningKey
    {
        public override KeyType KeyType => KeyType.Ed25519;

        public override byte[] PublicKeyInfo => PublicKeyFile.Ed25519Spki(key.GeneratePublicKey().GetEncoded());

        public override byte[] SignDigest(byte[] digest)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(digest, 0, digest.Length);
            return signer.GenerateSignature();
        }

        protected override byte[] ExportPkcs8()
        {
            var seed = key.GetEncoded();
            var info = new Pkcs8PrivateKeyInfo(new Oid(Ed25519Oid), algorithmParameters: null, privateKey: (byte[])[0x04, 32, .. seed]);
            return info.Encode();
        }
    }
}
