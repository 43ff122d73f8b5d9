using System.Security.Cryptography;
using FotaDevice.Image;
using Xunit;

namespace FotaDevice.Tests.Image;

/// <summary>The device's trusted keys: a P-256 key off the curve is refused when added, not silently kept.</summary>
public class KeyRingTests
{
    [Fact]
    public void AValidP256KeyIsTrustedAndAnOffCurveOneIsRefused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = ecdsa.ExportSubjectPublicKeyInfo();
        var ring = new KeyRing();
        ring.Add(spki);
        Assert.Equal(1, ring.Count);

        var broken = (byte[])spki.Clone();
        broken[^1] ^= 1; // y changes: the point leaves the curve
        var error = Assert.Throws<ImageException>(() => new KeyRing().Add(broken));
        Assert.Contains("not on the curve", error.Message);

        var tooBig = (byte[])spki.Clone();
        Array.Fill(tooBig, (byte)0xFF, tooBig.Length - 64, 32); // x = 2^256 - 1 is not below p
        Assert.Throws<ImageException>(() => new KeyRing().Add(tooBig));
    }

    [Fact]
    public void TheSameKeyTwiceIsRefused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ring = new KeyRing();
        ring.Add(ecdsa.ExportSubjectPublicKeyInfo());
        Assert.Throws<ArgumentException>(() => ring.Add(ecdsa.ExportSubjectPublicKeyInfo()));
    }
}
