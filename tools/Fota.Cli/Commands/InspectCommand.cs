using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota inspect: everything in an image, for people or as JSON.</summary>
public sealed class InspectCommand : FotaCommand
{
    private readonly Argument<string> _image = Required("APP.img", "the image file");

    public override int Order => 160;

    public override string Name => "inspect";

    public override string Summary => "show everything in an image: header, TLVs, signer, app bundle";

    protected override void Define(Command command)
    {
        command.Arguments.Add(_image);
        command.Options.Add(CommonOptions.Json);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var path = parse.GetRequiredValue(_image);
        ImageInspection image;
        try
        {
            image = ImageInspection.Read(CommandHelpers.ReadFile(path, "image"));
        }
        catch (ImageException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }

        var report = Describe(image);
        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(report);
        }
        else
        {
            Print(report, context.Out);
        }

        return Task.FromResult(ExitCodes.Ok);
    }

    private static ImageReport Describe(ImageInspection image)
    {
        var manifest = image.Manifest;
        return new ImageReport(
            Version: image.Version.EndsWith("+0", StringComparison.Ordinal) ? image.Version[..^2] : image.Version,
            TotalLength: image.TotalLength,
            HeaderSize: image.HeaderSize,
            BodySize: image.BodySize,
            ProtectedTlvSize: image.ProtectedTlvSize,
            Flags: image.Flags,
            FlagNames: ImageFormat.FlagNames(image.Flags) is { Length: > 0 } names ? names.Split(' ') : [],
            LoadAddress: image.LoadAddress,
            SecurityCounter: image.SecurityCounter,
            Product: image.ProductId,
            HashAlgorithm: image.HashAlgorithm,
            Hash: Convert.ToHexStringLower(image.Hash),
            HashMatches: image.HashMatches,
            KeyHash: image.KeyHash is { } k ? Convert.ToHexStringLower(k) : null,
            Signature: image.Signature,
            Encryption: image.Encryption,
            TrailingBytes: image.TrailingBytes,
            FotaDevice: image.FotaDeviceRefusal == null ? "takes this format (keys, product and runtime aside: fota verify)" : "refuses it: " + image.FotaDeviceRefusal,
            Tlvs: image.Tlvs.Select(t => new TlvReport(t.Area == TlvArea.Protected ? "protected" : "unprotected", $"0x{t.Type:x2}", t.Name, t.Value.Length, Convert.ToHexStringLower(t.Value))).ToList(),
            Bundle: manifest == null ? null : new BundleReport(
                Runtime: manifest.Runtime == BundleRuntime.NanoFramework ? "nanoFramework" : manifest.Runtime == BundleRuntime.DotNet ? ".NET" : "none",
                Entry: manifest.EntryPoint,
                Requires: manifest.Requirements.Select(r => new RequirementReport(r.Name, r.MinimumVersion.ToString())).ToList(),
                Assemblies: manifest.Assemblies.Select(a => new AssemblyReport(a.Name, a.Version.ToString(), a.Length)).ToList()),
            BundleError: image.ManifestError);
    }

    private static void Print(ImageReport r, TextWriter o)
    {
        o.WriteLine($"version           {r.Version}");
        o.WriteLine($"size              {r.TotalLength} bytes (header {r.HeaderSize}, body {r.BodySize}, protected TLVs {r.ProtectedTlvSize})" + (r.TrailingBytes > 0 ? $", {r.TrailingBytes} bytes after the image" : string.Empty));
        o.WriteLine($"flags             0x{r.Flags:x8}{(r.FlagNames.Length > 0 ? " " + string.Join(" ", r.FlagNames) : " (none)")}   load address 0x{r.LoadAddress:x8}");
        o.WriteLine($"security counter  {(r.SecurityCounter is { } c ? Counters.Describe(c) : "none")}");
        o.WriteLine($"product           {r.Product ?? "none"}");
        o.WriteLine(r.HashAlgorithm == null
            ? $"hash              {r.Hash} (SHA256 computed; the image has no hash TLV)"
            : $"hash              {r.Hash} ({r.HashAlgorithm}: {(r.HashMatches ? "matches the image" : "DOES NOT match the image")})");
        o.WriteLine($"signed            {(r.Signature == null ? "no" : $"{r.Signature}{(r.KeyHash != null ? $", key hash {r.KeyHash}" : string.Empty)}")}");
        if (r.Encryption != null)
        {
            o.WriteLine($"encrypted         {r.Encryption}");
        }

        o.WriteLine($"FotaDevice        {r.FotaDevice}");
        o.WriteLine("TLVs:");
        foreach (var t in r.Tlvs)
        {
            var value = t.Hex.Length > 64 ? t.Hex[..64] + "..." : t.Hex;
            o.WriteLine($"  {t.Area,-11} {t.Type} {t.Name,-16} {t.Length,4} bytes  {value}");
        }

        if (r.Bundle is { } b)
        {
            o.WriteLine($"app bundle        {b.Runtime}, entry {b.Entry}");
            foreach (var need in b.Requires)
            {
                o.WriteLine($"  requires        {need.Name} {need.MinimumVersion} or newer");
            }

            foreach (var assembly in b.Assemblies)
            {
                o.WriteLine($"  assembly        {assembly.Name} {assembly.Version}, {assembly.Length} bytes");
            }
        }
        else
        {
            o.WriteLine($"app bundle        none ({r.BundleError})");
        }
    }

    private sealed record ImageReport(string Version, int TotalLength, int HeaderSize, uint BodySize, int ProtectedTlvSize, uint Flags, string[] FlagNames, uint LoadAddress,
        uint? SecurityCounter, string? Product, string? HashAlgorithm, string Hash, bool HashMatches, string? KeyHash, string? Signature, string? Encryption, int TrailingBytes,
        string FotaDevice, List<TlvReport> Tlvs, BundleReport? Bundle, string? BundleError);

    private sealed record TlvReport(string Area, string Type, string Name, int Length, string Hex);

    private sealed record BundleReport(string Runtime, string Entry, List<RequirementReport> Requires, List<AssemblyReport> Assemblies);

    private sealed record RequirementReport(string Name, string MinimumVersion);

    private sealed record AssemblyReport(string Name, string Version, int Length);
}
