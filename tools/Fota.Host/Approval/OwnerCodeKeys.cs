using System.Security.Cryptography;
using System.Text;
using FotaDevice.Update.Approval;

namespace FotaDevice.Host.Approval;

/// <summary>
/// The key a device keeps of its owner code, and the proofs made with it. The key is
/// PBKDF2-HMAC-SHA256(password: the code's 12 canonical characters in ASCII, salt: the device's 16
/// random bytes, <see cref="Iterations"/> iterations, 32 bytes). Only the host ever derives it (at
/// provisioning, and from the typed code and the salt the device reports when proving), so the
/// iteration count costs the device nothing: the device runs one HMAC-SHA256 per attempt.
/// </summary>
public static class OwnerCodeKeys
{
    /// <summary>PBKDF2 iterations: part of the scheme (the device's stored key depends on it).</summary>
    public const int Iterations = 100_000;

    /// <summary>The device's key for <paramref name="code"/> with <paramref name="salt"/>.</summary>
    public static byte[] Derive(OwnerCode code, byte[] salt)
    {
        if (salt.Length != OwnerCodeKey.SaltSize)
        {
            throw new ArgumentException($"the salt must be {OwnerCodeKey.SaltSize} bytes, not {salt.Length}", nameof(salt));
        }

        return Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(code.Text), salt, Iterations, HashAlgorithmName.SHA256, OwnerCodeKey.KeySize);
    }

    /// <summary>What a device stores for <paramref name="code"/>: a fresh random salt and the key derived with it.</summary>
    public static StoredOwnerCode Provision(OwnerCode code)
    {
        var salt = RandomNumberGenerator.GetBytes(OwnerCodeKey.SaltSize);
        return new StoredOwnerCode(salt, Derive(code, salt));
    }

    /// <summary>The proof for <paramref name="action"/> on the image <paramref name="hash"/> (null: none), answering <paramref name="challenge"/>.</summary>
    public static byte[] Proof(byte[] key, byte[] challenge, ApprovalAction action, byte[]? hash)
    {
        if (challenge.Length != CodeProof.ChallengeSize)
        {
            throw new ArgumentException($"a challenge is {CodeProof.ChallengeSize} bytes, not {challenge.Length}", nameof(challenge));
        }

        if (hash != null && hash.Length != CodeProof.HashSize)
        {
            throw new ArgumentException($"an image hash is {CodeProof.HashSize} bytes, not {hash.Length}", nameof(hash));
        }

        return CodeProof.Compute(key, challenge, 0, action, hash, 0);
    }
}

/// <summary>What a device keeps of its owner code: the salt and the derived key.</summary>
public sealed record StoredOwnerCode(byte[] Salt, byte[] Key)
{
    /// <summary>The firmware's form of it (<see cref="ApprovalSettings.OwnerCode"/>).</summary>
    public OwnerCodeKey ForDevice() => new(Salt, Key);
}
