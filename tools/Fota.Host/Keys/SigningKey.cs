using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using FotaDevice.Host.Signing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FotaDevice.Host.Keys;

/// <summary>
/// A private signing key in a PEM file, as OpenSSL and MCUboot's <c>imgtool keygen</c> write it
/// (<see cref="Load"/> lists the forms). New keys are PKCS#8: <c>BEGIN PRIVATE KEY</c>, or
/// <c>BEGIN ENCRYPTED PRIVATE KEY</c> (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) with a passphrase.
/// ECDSA P-256 or Ed25519.
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

    /// <summary>
    /// Reads a private key file; <paramref name="passphrase"/> is needed for an encrypted one. Takes
    /// PKCS#8 (plain, or encrypted with PBES2 and PBKDF2 or scrypt) and SEC1 <c>EC PRIVATE KEY</c>
    /// (plain, or with OpenSSL's legacy PEM encryption), after an <c>EC PARAMETERS</c> block as
    /// <c>openssl ecparam -genkey</c> writes it.
    /// </summary>
    public static SigningKey Load(string path, string? passphrase = null)
    {
        var blocks = PemFile.ReadAll(path);
        foreach (var parameters in blocks.Where(b => b.Label == "EC PARAMETERS"))
        {
            CheckCurve(parameters.Der, path);
        }

        var block = blocks.FirstOrDefault(b => b.Label != "EC PARAMETERS")
            ?? throw new KeyFileException($"{path} holds only EC PARAMETERS, no key (openssl ecparam needs -genkey)");
        var pkcs8 = block.Label switch
        {
            "PRIVATE KEY" => block.Der,
            "ENCRYPTED PRIVATE KEY" => DecryptPkcs8(block.Der, path, passphrase),
            "EC PRIVATE KEY" => Sec1ToPkcs8(block, path, passphrase),
            "PUBLIC KEY" => throw new KeyFileException($"{path} holds a public key; signing needs the private key"),
            "OPENSSH PRIVATE KEY" => throw new KeyFileException($"{path} is an OpenSSH key: convert it with 'ssh-keygen -p -m PKCS8 -f {path}'"),
            var label => throw new KeyFileException($"{path}: a PEM \"{label}\" is not a private key"),
        };
        return FromPkcs8(pkcs8, path);
    }

    private static byte[] DecryptPkcs8(byte[] der, string path, string? passphrase)
    {
        var secret = passphrase ?? throw new KeyFileException($"{path} is encrypted: give its passphrase (--passphrase-file)");
        var kdf = EncryptedKeys.KeyDerivation(der);
        try
        {
            return kdf == "scrypt"
                ? EncryptedKeys.DecryptScryptPkcs8(der, secret)
                : Pkcs8PrivateKeyInfo.DecryptAndDecode(secret.AsSpan(), der, out _).Encode();
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            throw new KeyFileException(kdf is "pbkdf2" or "scrypt" or "pbes1"
                ? $"{path}: wrong passphrase, or the encrypted key is damaged"
                : $"{path}: encrypted with key derivation {kdf}, which is not supported (PBKDF2 and scrypt are)", e);
        }
    }

    private static byte[] Sec1ToPkcs8(PemBlock block, string path, string? passphrase)
    {
        var der = block.Der;
        if (block.Headers.TryGetValue("Proc-Type", out var procType) && procType.Contains("ENCRYPTED", StringComparison.OrdinalIgnoreCase))
        {
            var secret = passphrase ?? throw new KeyFileException($"{path} is encrypted: give its passphrase (--passphrase-file)");
            var dekInfo = block.Headers.TryGetValue("DEK-Info", out var info) ? info : throw new KeyFileException($"{path}: an encrypted PEM without DEK-Info");
            try
            {
                der = EncryptedKeys.DecryptLegacyPem(der, dekInfo, secret);
            }
            catch (NotSupportedException e)
            {
                throw new KeyFileException($"{path}: {e.Message}", e);
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                throw new KeyFileException($"{path}: wrong passphrase, or the encrypted key is damaged", e);
            }
        }

        using var ec = ECDsa.Create();
        try
        {
            ec.ImportECPrivateKey(der, out _);
            return ec.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException e)
        {
            throw new KeyFileException(block.Headers.ContainsKey("DEK-Info")
                ? $"{path}: wrong passphrase, or the encrypted key is damaged"
                : $"{path}: not a readable EC private key", e);
        }
    }

    /// <summary>An EC PARAMETERS block must name P-256.</summary>
    private static void CheckCurve(byte[] der, string path)
    {
        string? oid = null;
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
            if (reader.PeekTag().HasSameClassAndValue(System.Formats.Asn1.Asn1Tag.ObjectIdentifier))
            {
                oid = reader.ReadObjectIdentifier();
            }
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
        }

        if (oid != P256Oid)
        {
            throw new KeyFileException($"{path}: EC PARAMETERS for {(oid == null ? "explicit curve parameters" : CurveName(oid))}; only P-256 (prime256v1) is supported");
        }
    }

    private static string CurveName(string oid) => oid switch
    {
        "1.3.132.0.34" => "P-384 (secp384r1)",
        "1.3.132.0.35" => "P-521 (secp521r1)",
        "1.3.132.0.10" => "secp256k1",
        _ => "curve " + oid,
    };

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
                var name = curve.Oid?.Value is { } value ? CurveName(value) : curve.Oid?.FriendlyName ?? "an unnamed curve";
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
