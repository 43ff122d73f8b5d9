using FotaDevice.Image;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// A signature check that takes at least a given time, as the interpreter on an ESP32 does (the virtual
/// device's <see cref="VirtualDeviceOptions.SignatureCheckTime"/>), unless <paramref name="cutShort"/> ends
/// the wait (the device is shutting down).
/// </summary>
public sealed class SlowSignatures(ISignatureVerifier inner, TimeSpan least, CancellationToken cutShort) : ISignatureVerifier
{
    /// <summary><paramref name="inner"/> itself when <paramref name="least"/> is zero, else slowed to it.</summary>
    public static ISignatureVerifier Around(ISignatureVerifier inner, TimeSpan least, CancellationToken cutShort = default) =>
        least > TimeSpan.Zero ? new SlowSignatures(inner, least, cutShort) : inner;

    public bool Verify(TrustedKey key, byte[] digest, int digestOffset, byte[] signature, int signatureOffset)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var valid = inner.Verify(key, digest, digestOffset, signature, signatureOffset);
        var left = least - clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            cutShort.WaitHandle.WaitOne(left);
        }

        return valid;
    }
}
