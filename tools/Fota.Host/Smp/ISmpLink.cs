namespace FotaDevice.Host.Smp;

/// <summary>
/// How the SMP client reaches a device: whole SMP messages out, whole SMP messages in. UDP carries
/// one message per datagram; BLE cuts them into writes and notifications and puts them back together.
/// </summary>
public interface ISmpLink : IDisposable
{
    /// <summary>What to call the device in messages: "udp:127.0.0.1:1337", "ble:MyBoard (AA:BB:CC:DD:EE:FF)".</summary>
    string Name { get; }

    /// <summary>How long a reply may take before the request is sent again.</summary>
    TimeSpan ReplyTimeout { get; }

    /// <summary>
    /// The bytes one write to the device carries: on BLE the ATT payload, MTU − 3, of the current
    /// connection (a request is cut into writes of that size, so requests of whole multiples of it
    /// waste nothing); 0 where a message goes whole (UDP: one datagram).
    /// </summary>
    int WriteSize { get; }

    /// <summary>Raised with each whole SMP message (header and body) the device sends.</summary>
    event Action<byte[]>? Received;

    /// <summary>Raised when the connection went away: requests in flight will get no reply.</summary>
    event Action? Dropped;

    /// <summary>
    /// Sends one whole SMP message (reconnecting first if the connection was lost).
    /// Throws <see cref="SmpTimeoutException"/> when the device cannot be reached.
    /// </summary>
    Task SendAsync(byte[] frame, CancellationToken cancel);
}
