using System.Security.Cryptography;
using FotaDevice.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FotaDevice.Benchmarks;

/// <summary>
/// Ed25519 verification of an MCUboot-style message (a 32-byte SHA-256 image digest): the
/// device's managed verifier next to BouncyCastle's, and the device's SHA-512 next to .NET's.
/// </summary>
public static class Ed25519Benchmarks
{
    public static void Run(TextWriter output)
    {
        var privateKey = new Ed25519PrivateKeyParameters(SHA256.HashData("FotaDevice Ed25519 benchmark key"u8), 0);
        var publicKey = privateKey.GeneratePublicKey();
        var key = publicKey.GetEncoded();
        var digest = SHA256.HashData("FotaDevice Ed25519 benchmark image"u8);
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(digest, 0, digest.Length);
        var signature = signer.GenerateSignature();

        var ours = new Ed25519Verifier();
        var bc = new Ed25519Signer();
        bc.Init(false, publicKey);
        bool BcVerify()
        {
            bc.BlockUpdate(digest, 0, digest.Length);
            return bc.VerifySignature(signature);
        }

        if (!ours.Verify(key, 0, digest, 0, digest.Length, signature, 0) || !BcVerify())
        {
            throw new InvalidOperationException("a verifier rejected the benchmark signature");
        }

        var verifies = new[]
        {
            Measure.Run("FotaDevice Ed25519Verifier", () => ours.Verify(key, 0, digest, 0, digest.Length, signature, 0), 200),
            Measure.Run("BouncyCastle Ed25519Signer", () => BcVerify(), 200),
        };

        output.WriteLine("Ed25519 verify (32-byte digest as the message), median per verify:");
        foreach (var figure in verifies)
        {
            output.WriteLine("  {0,-30} {1,10:F1} µs {2,10:F0} B allocated", figure.Name, figure.MedianMicroseconds, figure.AllocatedBytesPerOp);
        }

        output.WriteLine($"  managed / BouncyCastle time ratio: {verifies[0].MedianMicroseconds / verifies[1].MedianMicroseconds:F1}x");

        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var hash = new byte[Sha512.HashSize];
        var sha = new Sha512();
        var managed = Measure.Run("FotaDevice Sha512, 1 MiB", () =>
        {
            sha.Update(data, 0, data.Length);
            sha.Final(hash, 0);
        }, opsPerRound: 8);
        var dotnet = Measure.Run(".NET SHA512, 1 MiB", () => SHA512.HashData(data, hash), opsPerRound: 64);

        output.WriteLine("SHA-512 (on .NET; for the nanoFramework interpreter see docs/benchmarks.md)");
        foreach (var figure in new[] { managed, dotnet })
        {
            output.WriteLine($"  {figure.Name,-30} {1_000_000.0 / figure.MedianMicroseconds,10:F1} MiB/s {figure.AllocatedBytesPerOp,10:F0} B allocated per MiB");
        }
    }
}
