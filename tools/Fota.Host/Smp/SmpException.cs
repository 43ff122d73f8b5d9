namespace FotaDevice.Host.Smp;

/// <summary>The device answered with an error (SMP rc, or a group error), with its reason when it gave one.</summary>
public sealed class SmpException(int rc, string? reason, int group = 0)
    : Exception($"{NameOf(rc)}{(reason != null ? ": " + reason : string.Empty)}")
{
    /// <summary>MGMT_ERR_EINVAL.</summary>
    public const int InvalidRequest = 3;

    /// <summary>MGMT_ERR_EMSGSIZE.</summary>
    public const int MessageTooLarge = 7;

    /// <summary>MGMT_ERR_ENOTSUP.</summary>
    public const int NotSupported = 8;

    /// <summary>MGMT_ERR_ECORRUPT.</summary>
    public const int Corrupt = 9;

    /// <summary>MGMT_ERR_EACCESSDENIED: FotaDevice answers it when the owner's approval is needed.</summary>
    public const int AccessDenied = 11;

    public int Rc { get; } = rc;

    public string? Reason { get; } = reason;

    public int Group { get; } = group;

    /// <summary>Zephyr's name of an SMP error code.</summary>
    public static string NameOf(int rc) => rc switch
    {
        0 => "ok",
        1 => "unknown error (MGMT_ERR_EUNKNOWN)",
        2 => "not enough memory or space (MGMT_ERR_ENOMEM)",
        3 => "invalid request (MGMT_ERR_EINVAL)",
        4 => "timed out (MGMT_ERR_ETIMEOUT)",
        5 => "not found (MGMT_ERR_ENOENT)",
        6 => "not in this state (MGMT_ERR_EBADSTATE)",
        7 => "message too large (MGMT_ERR_EMSGSIZE)",
        8 => "not supported (MGMT_ERR_ENOTSUP)",
        9 => "corrupt (MGMT_ERR_ECORRUPT)",
        10 => "device busy (MGMT_ERR_EBUSY)",
        11 => "access denied (MGMT_ERR_EACCESSDENIED)",
        12 => "protocol version too old (MGMT_ERR_UNSUPPORTED_TOO_OLD)",
        13 => "protocol version too new (MGMT_ERR_UNSUPPORTED_TOO_NEW)",
        _ => $"error {rc}",
    };
}

/// <summary>The device did not answer, or cannot be reached.</summary>
public class SmpTimeoutException(string message) : Exception(message);

/// <summary>
/// Every byte of an upload was sent, and the device then stayed silent for <see cref="Silent"/>, longer than
/// <see cref="UploadOptions.CheckPatience"/>: it may still be checking the image (<c>fota list</c> shows its verdict later).
/// </summary>
public sealed class SmpCheckTimeoutException(string why, TimeSpan silent)
    : SmpTimeoutException($"{why} for {silent.TotalSeconds:0.#} s with every byte of the upload sent (the device may still be checking the image)")
{
    /// <summary>What went unanswered, e.g. "no answer from ble:MyBoard".</summary>
    public string Why { get; } = why;

    /// <summary>How long the device had been silent.</summary>
    public TimeSpan Silent { get; } = silent;
}

/// <summary>The connection dropped while a request waited for its reply.</summary>
public sealed class SmpLinkLostException(string message) : SmpTimeoutException(message);
