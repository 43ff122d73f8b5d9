using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace FotaDevice.Host.Keys;

/// <summary>
/// Private keys encrypted in the forms .NET does not read itself: PKCS#8 with PBES2 and scrypt
/// (<c>openssl pkcs8 -topk8 -scrypt</c>), and OpenSSL's legacy PEM encryption of SEC1 keys
/// (<c>Proc-Type: 4,ENCRYPTED</c>, <c>DEK-Info</c>; <c>openssl ec -aes256</c>).
/// </summary>
public static class EncryptedKeys
{
    private const string Pbes2Oid = "1.2.840.113549.1.5.13";
    private const string ScryptOid = "1.3.6.1.4.1.11591.4.11";
    private const string Pbkdf2Oid = "1.2.840.113549.1.5.12";

    /// <summary>The key derivation a PKCS#8 EncryptedPrivateKeyInfo uses: "pbkdf2", "scrypt", or its OID; "pbes1" for the old schemes.</summary>
    public static string KeyDerivation(byte[] encryptedPrivateKeyInfo)
    {
        try
        {
            var (algorithm, parameters) = ReadAlgorithm(encryptedPrivateKeyInfo);
            if (algorithm != Pbes2Oid)
            {
                return "pbes1";
            }

            var kdf = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadObjectIdentifier();
            return kdf switch { Pbkdf2Oid => "pbkdf2", ScryptOid => "scrypt", _ => kdf };
        }
        catch (AsnContentException)
        {
            return "unreadable";
        }
    }

    /// <summary>Decrypts PKCS#8 PBES2 with scrypt and AES-CBC into PKCS#8 PrivateKeyInfo; <see cref="CryptographicException"/> for a wrong passphrase.</summary>
    public static byte[] DecryptScryptPkcs8(byte[] encryptedPrivateKeyInfo, string passphrase)
    {
        var outer = new AsnReader(encryptedPrivateKeyInfo, AsnEncodingRules.DER).ReadSequence();
        var algorithm = outer.ReadSequence();
        if (algorithm.ReadObjectIdentifier() != Pbes2Oid)
        {
            throw new CryptographicException("not PBES2");
        }

        var pbes2 = algorithm.ReadSequence();
        var kdf = pbes2.ReadSequence();
        if (kdf.ReadObjectIdentifier() != ScryptOid)
        {
            throw new CryptographicException("not scrypt");
        }

        var scrypt = kdf.ReadSequence();
        var salt = scrypt.ReadOctetString();
        var cost = (int)scrypt.ReadInteger();
        var blockSize = (int)scrypt.ReadInteger();
        var parallel = (int)scrypt.ReadInteger();
        int? keyLength = scrypt.HasData ? (int)scrypt.ReadInteger() : null;
        if (cost is < 2 or > 1 << 22 || (cost & (cost - 1)) != 0 || blockSize is < 1 or > 64 || parallel is < 1 or > 16)
        {
            throw new CryptographicException($"scrypt parameters out of range (N {cost}, r {blockSize}, p {parallel})");
        }

        var scheme = pbes2.ReadSequence();
        var cipher = scheme.ReadObjectIdentifier();
        var iv = scheme.ReadOctetString();
        var aesKeySize = AesKeySize(cipher) ?? throw new CryptographicException($"cipher {cipher} is not AES-CBC");
        var encrypted = outer.ReadOctetString();
        var key = SCrypt.Generate(Encoding.UTF8.GetBytes(passphrase), salt, cost, blockSize, parallel, keyLength ?? aesKeySize);
        return Decrypt(Aes.Create(), key, iv, encrypted);
    }

    /// <summary>
    /// Decrypts a legacy-encrypted PEM body (DEK-Info: AES-128/192/256-CBC or DES-EDE3-CBC, key from
    /// OpenSSL's EVP_BytesToKey with MD5 over the passphrase and the IV's first 8 bytes).
    /// </summary>
    public static byte[] DecryptLegacyPem(byte[] der, string dekInfo, string passphrase)
    {
        var comma = dekInfo.IndexOf(',');
        var cipher = (comma < 0 ? dekInfo : dekInfo[..comma]).Trim().ToUpperInvariant();
        var iv = comma < 0 ? [] : Convert.FromHexString(dekInfo[(comma + 1)..].Trim());
        SymmetricAlgorithm algorithm;
        int keySize;
        switch (cipher)
        {
            case "AES-128-CBC":
            case "AES-192-CBC":
            case "AES-256-CBC":
                algorithm = Aes.Create();
                keySize = int.Parse(cipher[4..7], System.Globalization.CultureInfo.InvariantCulture) / 8;
                break;
            case "DES-EDE3-CBC":
                algorithm = TripleDES.Create();
                keySize = 24;
                break;
            default:
                throw new NotSupportedException($"legacy PEM encryption {cipher} is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are)");
        }

        if (iv.Length != algorithm.BlockSize / 8)
        {
            throw new CryptographicException("DEK-Info has no IV of the cipher's block size");
        }

        return Decrypt(algorithm, BytesToKey(Encoding.UTF8.GetBytes(passphrase), iv.AsSpan(0, 8), keySize), iv, der);
    }

    private static byte[] Decrypt(SymmetricAlgorithm algorithm, byte[] key, byte[] iv, byte[] encrypted)
    {
        using (algorithm)
        {
            algorithm.Key = key;
            return algorithm.DecryptCbc(encrypted, iv, PaddingMode.PKCS7); // a wrong key almost always breaks the padding
        }
    }

    /// <summary>OpenSSL's EVP_BytesToKey(MD5, one round): D_i = MD5(D_{i-1} || passphrase || salt) until there are enough bytes.</summary>
    private static byte[] BytesToKey(byte[] passphrase, ReadOnlySpan<byte> salt, int length)
    {
        var key = new List<byte>();
        byte[] previous = [];
        while (key.Count < length)
        {
            previous = MD5.HashData([.. previous, .. passphrase, .. salt]);
            key.AddRange(previous);
        }

        return key.Take(length).ToArray();
    }

    private static int? AesKeySize(string oid) => oid switch
    {
        "2.16.840.1.101.3.4.1.2" => 16,
        "2.16.840.1.101.3.4.1.22" => 24,
        "2.16.840.1.101.3.4.1.42" => 32,
        _ => null,
    };

    private static (string Algorithm, byte[] Parameters) ReadAlgorithm(byte[] encryptedPrivateKeyInfo)
    {
        var algorithm = new AsnReader(encryptedPrivateKeyInfo, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        return (oid, algorithm.HasData ? algorithm.ReadEncodedValue().ToArray() : []);
    }
}
