using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota upload: send an image to the device's inactive slot, with progress and resume.</summary>
public sealed class UploadCommand : DeviceCommand
{
    public override string Name => "upload";

    public override string Summary => "upload a signed image into the device's inactive slot (resumes an interrupted upload)";

    public override string Usage => "APP.img [--device udp:HOST:PORT|ble:NAME] [--passkey CODE] [--window N]";

    public override string Details =>
        "The image is checked here first (an MCUboot image, signed). The same image resumes where an earlier\n" +
        "upload stopped. Uploading never changes what the device runs: 'fota test' and the owner's approval do.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        DeviceOption,
        PasskeyOption,
        new("window", "N", "requests in flight (default 4, limited by the device's buf_count; 1 = stop-and-wait)"),
    ];

    protected override async Task<int> RunAsync(SmpDevice device, Arguments args, CliContext context)
    {
        var path = args.Single("an image file");
        var image = CommandHelpers.ReadFile(path, "image");
        ImageDescription description;
        try
        {
            description = ImageReader.Read(image);
        }
        catch (ImageException e)
        {
            throw new CliException($"{path} is not an MCUboot image: {e.Message}");
        }

        if (description.Find(ImageFormat.TlvEcdsaSignature) == null && description.Find(ImageFormat.TlvEd25519Signature) == null)
        {
            throw new CliException($"{path} is not signed: the device would refuse it (fota sign / fota pack --key)");
        }

        if (await SlotSizeAsync(device) is { } slotSize && image.Length > slotSize)
        {
            throw new CliException($"{path} ({image.Length} bytes) does not fit the device's slot ({slotSize} bytes)");
        }

        context.Out.WriteLine($"uploading {path}: version {description.Header.Version}, {image.Length} bytes");
        var progress = new ProgressLine(context.Out, Console.IsOutputRedirected || context.Out != Console.Out);
        var result = await device.UploadAsync(image, args.GetInt("window") ?? 4, progress);
        progress.Finish();
        if (result.StartedAt > 0)
        {
            context.Out.WriteLine($"resumed at byte {result.StartedAt}");
        }

        context.Out.WriteLine($"done in {result.Elapsed.TotalSeconds:F1} s ({image.Length / Math.Max(result.Elapsed.TotalSeconds, 1e-3) / 1024:F0} KiB/s, {result.Requests} requests)");
        if (result.Match == false)
        {
            throw new CliException("the device's copy does not match the image's SHA-256: upload it again");
        }

        context.Out.WriteLine($"the device has it; to run it: fota test {Convert.ToHexStringLower(description.ComputedHash)}");
        return ExitCodes.Ok;
    }

    /// <summary>The slot size a FotaDevice reports (group 64); null for other devices, which say so at the first chunk.</summary>
    private static async Task<long?> SlotSizeAsync(SmpDevice device)
    {
        try
        {
            return (await device.StatusAsync()).GetValueOrDefault("slot_size") as long?;
        }
        catch (SmpException)
        {
            return null;
        }
    }

    /// <summary>A progress bar on one line (a few lines when the output is not a terminal).</summary>
    private sealed class ProgressLine(TextWriter output, bool plain) : IProgress<UploadProgress>
    {
        private int _lastDecile = -1;

        public void Report(UploadProgress p)
        {
            var fraction = p.Total == 0 ? 1 : (double)p.Done / p.Total;
            var left = p.Left is { } l ? $"{l.TotalSeconds:F0} s left" : string.Empty;
            var text = $"[{new string('#', (int)(fraction * 30)),-30}] {fraction,4:P0} {p.Done}/{p.Total} bytes {p.BytesPerSecond / 1024,6:F0} KiB/s {left}";
            if (!plain)
            {
                output.Write("\r" + text);
                return;
            }

            var decile = (int)(fraction * 10);
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                output.WriteLine(text);
            }
        }

        public void Finish()
        {
            if (!plain)
            {
                output.WriteLine();
            }
        }
    }
}
