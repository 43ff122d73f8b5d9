using FotaDevice.Host.Approval;
using FotaDevice.Update.Approval;

namespace FotaDevice.Benchmarks;

/// <summary>
/// The owner code's cost on each side: the host derives the key (PBKDF2, on purpose slow) and makes
/// the proof; the device computes one HMAC-SHA256 and compares it in constant time per attempt.
/// </summary>
public static class OwnerCodeBenchmarks
{
    public static void Run(TextWriter output)
    {
        var code = OwnerCode.New();
        var salt = new byte[OwnerCodeKey.SaltSize];
        var key = OwnerCodeKeys.Derive(code, salt);
        var challenge = new byte[CodeProof.ChallengeSize];
        var hash = new byte[CodeProof.HashSize];
        var proof = CodeProof.Compute(key, challenge, 0, ApprovalAction.Trial, hash, 0);

        var derive = Measure.Run($"host: PBKDF2-HMAC-SHA256, {OwnerCodeKeys.Iterations:N0} iterations", () => OwnerCodeKeys.Derive(code, salt), opsPerRound: 4, rounds: 5);
        var check = Measure.Run("device: proof check (HMAC-SHA256 of 49 bytes + compare)", () =>
        {
            var expected = CodeProof.Compute(key, challenge, 0, ApprovalAction.Trial, hash, 0);
            CodeProof.EqualInConstantTime(expected, 0, proof, 0, CodeProof.Size);
        }, opsPerRound: 20_000);

        output.WriteLine("Owner code (on .NET), median per operation:");
        output.WriteLine($"  {derive.Name,-58} {derive.MedianMicroseconds / 1000,9:F1} ms   {derive.AllocatedBytesPerOp,8:F0} B allocated");
        output.WriteLine($"  {check.Name,-58} {check.MedianMicroseconds,9:F2} µs   {check.AllocatedBytesPerOp,8:F0} B allocated");
        var offlineYears = Math.Pow(2, OwnerCode.Bits) * derive.MedianMicroseconds / 1e6 / (365.25 * 86400);
        output.WriteLine($"  guessing the code offline from one overheard proof: 2^{OwnerCode.Bits} derivations, {offlineYears:E1} core-years at this rate");
    }
}
