using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using FotaDevice.Host.Tests.EndToEnd;
using FotaDevice.Host.Tests.Images;
using Xunit;
using static FotaDevice.Host.Tests.EndToEnd.DeviceRig;

namespace FotaDevice.Host.Tests.Cli;

/// <summary>fota inspect shows every MCUboot image it can lay out, with flags, algorithms and TLVs named, and says what FotaDevice refuses.</summary>
public sealed class InspectTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnEncryptedImageWithFlagsIsShownWithTheFlagsNamed()
    {
        var image = Raw(flags: 0x08 | 0x20, tlvs: [(0x32, new byte[113])]);
        var (json, text) = Inspect(image);
        Assert.Equal(["ENCRYPTED_AES256", "RAM_LOAD"], json.GetProperty("flagNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("flags             0x00000028 ENCRYPTED_AES256 RAM_LOAD", text);
        Assert.Contains("encrypted         AES-256, key by ECIES-P256", text);
        Assert.Contains("ENC_EC256", text);
        Assert.Contains("FotaDevice        refuses it: header flags 0x00000028 (ENCRYPTED_AES256 RAM_LOAD) are not supported", text);
        Assert.Contains("matches the image", text);
    }

    [Fact]
    public void LargeHeadersAndProtectedAreasAreShown()
    {
        var image = Raw(headerSize: 8192, protectedTlvs: [(0x50, BitConverter.GetBytes(7u)), (0x90, new byte[1500])]);
        var (json, text) = Inspect(image);
        Assert.Equal(8192, json.GetProperty("headerSize").GetInt32());
        Assert.Equal(4 + 8 + 1504, json.GetProperty("protectedTlvSize").GetInt32());
        Assert.Equal(7u, json.GetProperty("securityCounter").GetUInt32());
        Assert.Contains("FotaDevice        refuses it: header size 8192 is outside 32..4096", text);
    }

    [Fact]
    public void P384AndRsaSignaturesAreNamedAndTheirHashesChecked()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var image = Raw(hash: HashAlgorithmName.SHA384, sign: digest => (0x22, p384.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)), key: SHA384.HashData(p384.ExportSubjectPublicKeyInfo()));
        var (json, text) = Inspect(image);
        Assert.Equal("ecdsa-p384", json.GetProperty("signature").GetString());
        Assert.Equal("SHA384", json.GetProperty("hashAlgorithm").GetString());
        Assert.True(json.GetProperty("hashMatches").GetBoolean());
        Assert.Contains("(SHA384: matches the image)", text);
        Assert.Contains("FotaDevice        refuses it: its hash is SHA384; FotaDevice takes SHA-256 images signed with ECDSA P-256 or Ed25519", text);

        using var rsa = RSA.Create(2048);
        image = Raw(sign: digest => (0x20, rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)), key: SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));
        (json, text) = Inspect(image);
        Assert.Equal("rsa-2048 (PSS)", json.GetProperty("signature").GetString());
        Assert.Contains("signed            rsa-2048 (PSS), key hash", text);
        Assert.Contains("RSA2048_PSS", text);
        Assert.Contains("FotaDevice        refuses it: its signature is rsa-2048 (PSS); FotaDevice takes ECDSA P-256 and Ed25519", text);
    }

    [Fact]
    public void OurOwnImagesAreTakenAndNotAnImageIsOneLine()
    {
        using var signer = new EcdsaTestSigner();
        var (json, text) = Inspect(DemoImages.Build(signer, "2.0.0", 2));
        Assert.Equal("ecdsa-p256", json.GetProperty("signature").GetString());
        Assert.Contains("FotaDevice        takes this format", text);
        Assert.Contains("security counter  2", text);

        File.WriteAllBytes(P("junk.img"), new byte[100]);
        var (code, _, error) = Fota("inspect", P("junk.img"));
        Assert.Equal(1, code);
        Assert.Equal($"fota: error: {P("junk.img")}: not an MCUboot image (magic 0x00000000, expected 0x96f3b83d)", error.Trim());
    }

    [Fact]
    public void ErrorsDoNotLeakParameterOrTypeNames()
    {
        File.WriteAllBytes(P("tiny.img"), new byte[8]);
        foreach (var args in new[] { new[] { "inspect", P("tiny.img") }, ["verify", P("tiny.img"), "--key", P("tiny.img")], ["attach", P("tiny.img"), "--signature", P("x"), "-o", P("o")] })
        {
            var (code, _, error) = Fota(args);
            Assert.NotEqual(0, code);
            Assert.DoesNotContain("(Parameter '", error);
            Assert.DoesNotContain("Exception", error);
            Assert.DoesNotContain("   at ", error);
        }
    }

    private (JsonElement Json, string Text) Inspect(byte[] image)
    {
        File.WriteAllBytes(P("i.img"), image);
        var (code, output, error) = Fota("inspect", P("i.img"), "--json");
        Assert.True(code == 0, error);
        var text = Fota("inspect", P("i.img"));
        Assert.True(text.Code == 0, text.Error);
        return (JsonDocument.Parse(output).RootElement, text.Output);
    }

    /// <summary>An MCUboot image laid out as imgtool lays it out, with whatever header, flags, TLVs, hash and signature.</summary>
    private static byte[] Raw(int headerSize = 32, uint flags = 0, (int Type, byte[] Value)[]? protectedTlvs = null, (int Type, byte[] Value)[]? tlvs = null,
        HashAlgorithmName? hash = null, Func<byte[], (int Type, byte[] Signature)>? sign = null, byte[]? key = null)
    {
        var body = new byte[300];
        var prot = Area(0x6908, protectedTlvs ?? []);
        var image = new byte[headerSize + body.Length + prot.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(image, 0x96f3b83d);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(8), (ushort)headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(10), (ushort)prot.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(12), (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(16), flags);
        image[20] = 1;
        body.CopyTo(image, headerSize);
        prot.CopyTo(image, headerSize + body.Length);
        var algorithm = hash ?? HashAlgorithmName.SHA256;
        var digest = algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(image) : SHA256.HashData(image);
        var entries = new List<(int, byte[])> { (algorithm == HashAlgorithmName.SHA384 ? 0x11 : 0x10, digest) };
        if (key != null)
        {
            entries.Add((0x01, key));
        }

        if (sign != null)
        {
            entries.Add(sign(digest));
        }

        entries.AddRange(tlvs ?? []);
        return [.. image, .. Area(0x6907, entries)];
    }

    private static byte[] Area(int magic, IEnumerable<(int Type, byte[] Value)> tlvs)
    {
        var list = tlvs.ToList();
        if (list.Count == 0 && magic == 0x6908)
        {
            return [];
        }

        var bytes = new List<byte>();
        foreach (var (type, value) in list)
        {
            bytes.AddRange([(byte)type, (byte)(type >> 8), (byte)value.Length, (byte)(value.Length >> 8), .. value]);
        }

        var total = bytes.Count + 4;
        return [(byte)magic, (byte)(magic >> 8), (byte)total, (byte)(total >> 8), .. bytes];
    }

    private string P(string name) => Path.Combine(_dir, name);
}
