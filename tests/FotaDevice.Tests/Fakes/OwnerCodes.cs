using FotaDevice.Host.Approval;
using FotaDevice.Host.Smp;
using FotaDevice.Platform;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Tests.Protocol.Groups;
using FotaDevice.Update.Approval;

namespace FotaDevice.Tests.Fakes;

/// <summary>
/// The owner code of the test devices, provisioned once (PBKDF2 is slow on purpose), and the
/// client's side of proving it through the SMP rig exactly as <c>fota test --code</c> does.
/// </summary>
public static class OwnerCodes
{
    /// <summary>The code printed on the test devices' label.</summary>
    public static readonly OwnerCode Code = OwnerCode.New();

    /// <summary>Another valid code: what someone who guesses has.</summary>
    public static readonly OwnerCode Wrong = OwnerCode.New();

    /// <summary>What the test devices store of <see cref="Code"/>.</summary>
    public static readonly StoredOwnerCode Stored = OwnerCodeKeys.Provision(Code);

    private static readonly Dictionary<(string, string), byte[]> Keys = new();

    /// <summary>Settings with the code provisioned and <paramref name="policy"/>.</summary>
    public static ApprovalSettings Settings(ApprovalPolicy policy = ApprovalPolicy.Any, IRandomSource? random = null) =>
        new() { Policy = policy, OwnerCode = Stored.ForDevice(), Random = random ?? new SystemRandomSource() };

    /// <summary>Reads the status and sends the proof of <paramref name="code"/> for <paramref name="action"/> on <paramref name="hash"/>.</summary>
    public static Dictionary<string, object?> Prove(SmpRig rig, ApprovalAction action, byte[]? hash, OwnerCode? code = null, object? client = null)
    {
        var status = rig.Status();
        var challenge = (byte[])status["challenge"]!;
        var salt = (byte[])status["code_salt"]!;
        if (challenge.Length == 0)
        {
            challenge = new byte[16]; // the device offers none: answer one anyway, as a client that knows the code would try
            salt = Stored.Salt;
        }

        var proof = ProofFor(code ?? Code, salt, challenge, action, hash);
        return rig.Send(Frame(rig, action, hash, challenge, proof), client);
    }

    /// <summary>The proof a client holding <paramref name="code"/> makes (keys cached by code and salt).</summary>
    public static byte[] ProofFor(OwnerCode code, byte[] salt, byte[] challenge, ApprovalAction action, byte[]? hash)
    {
        byte[] key;
        lock (Keys)
        {
            var id = (code.Text, Convert.ToHexString(salt));
            if (!Keys.TryGetValue(id, out key!))
            {
                key = Keys[id] = OwnerCodeKeys.Derive(code, salt);
            }
        }

        return OwnerCodeKeys.Proof(key, challenge, action, hash);
    }

    /// <summary>Command 1 of the FOTA group as the host client encodes it.</summary>
    public static byte[] Frame(SmpRig rig, ApprovalAction action, byte[]? hash, byte[] challenge, byte[] proof) =>
        rig.Frame(SmpHeader.OpWrite, FotaGroup.Id, FotaGroup.CodeCommand, w => OwnerCodeRequests.Write(w, action, hash, challenge, proof));
}

/// <summary>Challenges the test writes: 0, 1, 2 ... in the first byte of each.</summary>
public sealed class CountingRandom : IRandomSource
{
    public int Calls { get; private set; }

    public void Fill(byte[] buffer, int offset, int count)
    {
        Array.Clear(buffer, offset, count);
        buffer[offset] = (byte)Calls++;
    }
}
