using System.Formats.Cbor;
using FotaDevice.Host.Approval;
using FotaDevice.Update.Approval;

namespace FotaDevice.Host.Smp;

/// <summary>Proving the owner code to a device (FOTA group 64, command 1; docs/smp-fota-group.md).</summary>
public static class OwnerCodeRequests
{
    /// <summary>
    /// Reads the device's challenge and salt from its status, derives the key from <paramref name="code"/>
    /// and sends the proof for <paramref name="action"/> on the image <paramref name="hash"/> names (null:
    /// none). Returns the seconds within which that request is then approved; an
    /// <see cref="SmpException"/> carries the device's refusal (wrong code, wait, stale challenge).
    /// </summary>
    public static async Task<int> ProveOwnerCodeAsync(this SmpDevice device, OwnerCode code, ApprovalAction action, byte[]? hash, CancellationToken cancel = default)
    {
        var status = await device.StatusAsync(cancel);
        if (status.GetValueOrDefault("code") is not true
            || status.GetValueOrDefault("challenge") is not byte[] challenge || challenge.Length != CodeProof.ChallengeSize
            || status.GetValueOrDefault("code_salt") is not byte[] salt || salt.Length != OwnerCodeKey.SaltSize)
        {
            throw new SmpException(8, "the device takes no owner code (none provisioned, or its approval policy does not accept it)", 64);
        }

        var proof = OwnerCodeKeys.Proof(OwnerCodeKeys.Derive(code, salt), challenge, action, hash);
        var reply = await device.Client.RequestAsync(2, 64, 1, w => Write(w, action, hash, challenge, proof), cancel);
        return (int)(reply.Long("code_s") ?? 0);
    }

    /// <summary>The body of command 1.</summary>
    public static void Write(CborWriter w, ApprovalAction action, byte[]? hash, byte[] challenge, byte[] proof)
    {
        w.WriteStartMap(hash != null ? 4 : 3);
        w.WriteTextString("action");
        w.WriteTextString(ApprovalActionNames.Name(action));
        if (hash != null)
        {
            w.WriteTextString("hash");
            w.WriteByteString(hash);
        }

        w.WriteTextString("challenge");
        w.WriteByteString(challenge);
        w.WriteTextString("proof");
        w.WriteByteString(proof);
        w.WriteEndMap();
    }
}
