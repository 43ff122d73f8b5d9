namespace FotaDevice.Host.Smp;

/// <summary>
/// How whole SMP frames travel to and from one device: a UDP socket (<see cref="UdpLink"/>), or BLE.
/// The link delivers whole frames; requests and replies are matched by <see cref="SmpClient"/>.
/// </summary>
public interface ISmpLink : IDisposable
{
    /// <summary>The device as the user named it, e.g. "udp:127.0.0.1:1337".</summary>
    string Name { get; }

    /// <summary>Sends one SMP frame (header and body).</summary>
    Task SendAsync(byte[] frame, CancellationToken cancel);

    /// <summary>Waits for the next whole SMP frame from the device.</summary>
    Task<byte[]> ReceiveAsync(CancellationToken cancel);

    /// <summary>Why the device may not be answering (e.g. "nothing listens on that port"), or null.</summary>
    string? Trouble { get; }
}
