using System.Security.Cryptography;
using FotaDevice.Crypto;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcInteger = Org.BouncyCastle.Math.BigInteger;

namespace FotaDevice.Benchmarks;

/// <summary>
/// ECDSA P-256 verification: the device's managed verifier next to .NET's ECDsa (native, via
/// the OS crypto library) and BouncyCastle's managed one, all on the same key, hash and signature.
/// </summary>
public static class EcdsaP256Benchmarks
{
    public static void Run(TextWriter output)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hash = SHA256.HashData("FotaDevice ECDSA P-256 benchmark"u8);
        var signature = ecdsa.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var q = ecdsa.ExportParameters(false).Q;
        var key = new byte[EcdsaP256Verifier.PublicKeySize];
        key[0] = 0x04;
        q.X!.CopyTo(key, 1);
        q.Y!.CopyTo(key, 33);

        var ours = new EcdsaP256Verifier();
        var curve = ECNamedCurveTable.GetByName("P-256");
        var bcSigner = new ECDsaSigner();
        bcSigner.Init(false, new ECPublicKeyParameters(curve.Curve.DecodePoint(key), new ECDomainParameters(curve)));
        var r = new BcInteger(1, signature, 0, 32);
        var s = new BcInteger(1, signature, 32, 32);

        if (!ours.Verify(key, 0, hash, 0, signature, 0) || !ecdsa.VerifyHash(hash, signature) || !bcSigner.VerifySignature(hash, r, s))
        {
            throw new InvalidOperationException("a verifier rejected the benchmark signature");
        }

        var figures = new[]
        {
            Measure.Run("FotaDevice EcdsaP256Verifier", () => ours.Verify(key, 0, hash, 0, signature, 0), 200),
            Measure.Run(".NET ECDsa.VerifyHash", () => ecdsa.VerifyHash(hash, signature), 200),
            Measure.Run("BouncyCastle ECDsaSigner", () => bcSigner.VerifySignature(hash, r, s), 200),
        };

        output.WriteLine("ECDSA P-256 verify (SHA-256 hash given), median per verify:");
        foreach (var figure in figures)
        {
            output.WriteLine("  {0,-30} {1,10:F1} µs {2,10:F0} B allocated", figure.Name, figure.MedianMicroseconds, figure.AllocatedBytesPerOp);
        }
    }
}
