using FotaDevice.Update.Approval;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>How a virtual device is set up. Its storage lives in <see cref="StateDirectory"/> and survives restarts.</summary>
public sealed class VirtualDeviceOptions
{
    /// <summary>Where the slots and the boot-state records are kept.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Capacity of each slot in bytes (default 1 MiB).</summary>
    public int SlotSize { get; init; } = 1024 * 1024;

    /// <summary>The product id images must carry (null accepts any).</summary>
    public string? ProductId { get; init; } = "virtual-device";

    /// <summary>The public keys (DER SubjectPublicKeyInfo) the device trusts.</summary>
    public required IReadOnlyList<byte[]> TrustedKeys { get; init; }

    /// <summary>Owner-approval policy and times.</summary>
    public ApprovalSettings Approval { get; init; } = new();

    /// <summary>How long a trial app has to confirm itself before the device restarts and reverts it.</summary>
    public int TrialDeadlineMilliseconds { get; init; } = Shim.TrialWatchdog.DefaultDeadlineMilliseconds;

    /// <summary>
    /// How long each signature check takes at least (zero: as fast as this machine): an ESP32 takes
    /// about 2.7 s for ECDSA P-256 (docs/benchmarks.md), so clients can be tried against a device
    /// whose final check of an upload is slow.
    /// </summary>
    public TimeSpan SignatureCheckTime { get; init; }
}
