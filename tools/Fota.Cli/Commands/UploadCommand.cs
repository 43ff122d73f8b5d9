using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota upload: check an image as the device will, send it to the inactive slot (with progress and resume), and report the device's verdict.</summary>
public sealed class UploadCommand : DeviceCommand
{
    /// <summary>Seconds <c>fota upload</c> waits for the device's verdict by default: an ESP32 checks a P-256 signature in about 1-7 s by the estimates of docs/benchmarks.md, with room to spare.</summary>
    public const int DefaultVerdictWait = 60;

    private readonly Argument<string> _image = Required("APP.img", "the signed image");
    private readonly Option<int?> _window = Numbers.Option("--window", "requests in flight (default and most: the device's buf_count - 1; 1 = stop-and-wait)", "N", 1);
    private readonly Option<int?> _verdictWait = Numbers.Option("--verdict-wait", $"seconds to wait for the device's verdict after the last byte (default {DefaultVerdictWait}; an ESP32 takes seconds for the signature)", "SECONDS", 1);
    private readonly Option<string[]> _keys = Repeatable("--key", "KEY.pem", "a key the device trusts: the signature is checked here first");
    private readonly Option<string?> _runtime = Text("--runtime", "RUNTIME", "the device's runtime, nano or dotnet (default: the image's)");
    private readonly Option<string?> _product = Text("--product", "ID", "the device's product id: checked here first");

    public override int Order => 210;

    public override string Name => "upload";

    public override string Summary => "upload a signed image into the device's inactive slot (resumes an interrupted upload) and report the device's verdict";

    public override string Details =>
        "The image is checked here first with the device's own checks (format, app bundle, runtime, hash; the signature\n" +
        "with --key; the product with --product), so a device never receives what it would refuse. The same image\n" +
        "resumes where an earlier upload stopped. Then the device checks what it stored (the signature: seconds on an\n" +
        "ESP32); fota waits for its verdict (--verdict-wait) and prints it; a refusal exits 3 with the device's reason.\n" +
        "Uploading never changes what the device runs: 'fota test' and the owner's approval do.";

    protected override void DefineOptions(Command command)
    {
        _runtime.CompletionSources.Add("nano", "dotnet");
        command.Arguments.Add(_image);
        command.Options.Add(_window);
        command.Options.Add(_verdictWait);
        command.Options.Add(_keys);
        command.Options.Add(CommonOptions.PassphraseFile);
        command.Options.Add(_runtime);
        command.Options.Add(_product);
    }

    protected override async Task<int> RunAsync(SmpDevice device, ParseResult parse, CliContext context)
    {
        var path = parse.GetRequiredValue(_image);
        var image = CommandHelpers.ReadFile(path, "image");
        var description = CheckHere(path, image, parse);
        var hash = description.ComputedHash;

        if (await SlotSizeAsync(device, context) is { } slotSize && image.Length > slotSize)
        {
            throw new CliException($"{path} ({image.Length} bytes) does not fit the device's slot ({slotSize} bytes)");
        }

        context.Note($"uploading {path}: version {description.Header.Version}, {image.Length} bytes to {device.Client.DeviceName}");
        var wait = parse.GetValue(_verdictWait) ?? DefaultVerdictWait;
        UploadResult result;
        using (var progress = new UploadProgressDisplay(context))
        {
            var options = new UploadOptions { Window = parse.GetValue(_window), CheckPatience = TimeSpan.FromSeconds(wait) };
            try
            {
                result = await device.UploadAsync(image, options, progress, context.Cancel);
            }
            catch (SmpCheckTimeoutException e)
            {
                throw NoVerdict(path, (int)Math.Round(e.Silent.TotalSeconds), e.Why); // every byte went; the reply to the last never came
            }
        }

        if (result.StartedAt > 0)
        {
            context.Note($"resumed at byte {result.StartedAt}: the device had that much of this image");
        }

        var sent = image.Length - result.StartedAt;
        context.Note($"sent {sent} bytes in {result.Elapsed.TotalSeconds:F1} s ({sent / Math.Max(result.Elapsed.TotalSeconds, 1e-3) / 1024:F0} KiB/s, {result.Requests} requests of up to {result.RequestSize} bytes, {result.Window} in flight, {result.Resent} resent"
            + (result.RoundTrip is { } rtt ? $", round trip {rtt.TotalMilliseconds:F0} ms" : string.Empty) + ")");

        context.Note("the device checks the image's signature: waiting for its verdict");
        UploadVerdict? checkedBy;
        try
        {
            checkedBy = await device.UploadVerdictAsync(TimeSpan.FromSeconds(wait), context.Cancel);
        }
        catch (SmpTimeoutException e)
        {
            throw NoVerdict(path, wait, e.Message);
        }

        if (checkedBy?.State == UploadVerdict.Receiving)
        {
            throw NoVerdict(path, wait, "it still reports an upload in progress");
        }

        var slots = await device.ListAsync(context.Cancel);
        var stored = slots.FirstOrDefault(s => s.Hash.AsSpan().SequenceEqual(hash)) ?? slots.FirstOrDefault(s => !s.Active);
        var verdict = Verdict(result, stored, hash, checkedBy);
        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(new UploadReport(path, description.Header.Version.ToString(), Convert.ToHexStringLower(hash), image.Length, result.StartedAt,
                Math.Round(result.Elapsed.TotalSeconds, 3), result.Requests, result.Resent, result.Match, stored is { } s ? SlotTable.Name(s.Slot) : null, checkedBy?.State, verdict == null, verdict));
        }

        if (verdict != null)
        {
            throw new CliException($"the device refused {path}: {verdict}", ExitCodes.Refused);
        }

        if (!parse.GetValue(CommonOptions.Json))
        {
            context.Out.WriteLine($"the device's verdict: bootable (hash, signature and its checks passed); it has version {description.Header.Version} in slot {SlotTable.Name(stored!.Slot)}; to run it: fota test {Convert.ToHexStringLower(hash)}");
        }

        return ExitCodes.Ok;
    }

    private const string NoReason = "the image fails the device's checks (the device gives no reason; its log says why)";

    private static CliException NoVerdict(string path, int wait, string why) =>
        new($"the device gave no verdict on {path} within {wait} s ({why}); 'fota list' shows it later, --verdict-wait waits longer", ExitCodes.NoAnswer);

    /// <summary>Why the upload did not give the device a bootable copy of the image, or null when it did.</summary>
    private static string? Verdict(UploadResult result, SlotState? stored, byte[] hash, UploadVerdict? status)
    {
        if (status is { State: UploadVerdict.Refused } && result.Match != false)
        {
            return status.Reason ?? stored?.Reason ?? NoReason;
        }

        if (stored != null && stored.Hash.AsSpan().SequenceEqual(hash))
        {
            return stored.Bootable ? null : stored.Reason ?? NoReason;
        }

        if (result.Match == false)
        {
            // The stored bytes differ from the file: damaged on the way, so sending it again can help.
            return "its copy differs from the file (damaged in transfer): upload it again";
        }

        return "the device does not list the image after the upload";
    }

    /// <summary>The device's checks, here: refuses (exit 1) what the device would refuse, before sending anything.</summary>
    private ImageDescription CheckHere(string path, byte[] image, ParseResult parse)
    {
        ImageDescription description;
        try
        {
            description = ImageReader.Read(image);
        }
        catch (ImageException e)
        {
            throw new CliException($"{path} is not an MCUboot image: {e.Message}");
        }

        var keys = CommandHelpers.PublicKeys(parse, _keys);
        var runtime = parse.GetValue(_runtime) is { } named ? Runtimes.Parse(named) : Runtimes.Of(image);
        var product = parse.GetValue(_product);
        var check = DeviceCheck.Check(image, keys, new DeviceProfile(runtime, product, Libraries: null));
        var unknownKeyOnly = keys.Count == 0 && check.Result.Error == ImageError.UnknownKey;
        if (!check.Accepted && !unknownKeyOnly)
        {
            throw new CliException($"the device would refuse {path}: {check.Reason}");
        }

        if (unknownKeyOnly && product != null && check.Result.ProductId != product)
        {
            // Without the keys the device's identity checks do not run here; the product one is this simple.
            throw new CliException($"the device would refuse {path}: " + (check.Result.ProductId == null
                ? $"the image names no product; this device is \"{product}\""
                : $"the image is for product \"{check.Result.ProductId}\", this device is \"{product}\""));
        }

        return description;
    }

    /// <summary>The slot size a FotaDevice reports (group 64); null for other devices, which say so at the first chunk.</summary>
    private static async Task<long?> SlotSizeAsync(SmpDevice device, CliContext context)
    {
        try
        {
            return (await device.StatusAsync(context.Cancel)).GetValueOrDefault("slot_size") as long?;
        }
        catch (SmpException)
        {
            return null;
        }
    }

    private sealed record UploadReport(string File, string Version, string Hash, int Bytes, long StartedAt, double Seconds, int Requests, int Resent,
        bool? Match, string? Slot, string? Verdict, bool Accepted, string? Reason);
}
