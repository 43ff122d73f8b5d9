using System.CommandLine;
using FotaDevice.Cli.CommandLine;
using FotaDevice.Host.Images;
using FotaDevice.Host.VirtualDevice;
using FotaDevice.Image;

namespace FotaDevice.Cli.Commands;

/// <summary>fota verify: the device's own verdict on an image, on the host.</summary>
public sealed class VerifyCommand : FotaCommand
{
    private readonly Argument<string> _image = Required("APP.img", "the image file");
    private readonly Option<string[]> _keys = Repeatable("--key", "KEY.pem", "a public (or private) key the device trusts");
    private readonly Option<string?> _runtime = Text("--runtime", "RUNTIME", "the device's runtime: nano (an ESP32), dotnet (the virtual device), or none (the MCUboot image only, as MCUboot checks it); default: the image's");
    private readonly Option<string?> _product = Text("--product", "ID", "the device's product id (default: not checked)");
    private readonly Option<string[]> _libraries = Repeatable("--library", "NAME=VERSION", "a library the device has (default: the virtual device's own for dotnet, not checked for nano)");

    public override int Order => 170;

    public override string Name => "verify";

    public override string Summary => "give a device's verdict on an image: format, app bundle, runtime, product, libraries, hash, signature";

    public override string Details =>
        "Runs the device's own checks (Firmware/Update/Slots/ImageSlotVerifier and the image validator), so it accepts\n" +
        "exactly what a device of that runtime and product, trusting those keys, accepts. The checks that depend on\n" +
        "the device's state (newer version, security counter, the owner's approval) happen on the device.";

    protected override void Define(Command command)
    {
        _runtime.CompletionSources.Add("nano", "dotnet", "none");
        command.Arguments.Add(_image);
        command.Options.Add(_keys);
        command.Options.Add(CommonOptions.PassphraseFile);
        command.Options.Add(_runtime);
        command.Options.Add(_product);
        command.Options.Add(_libraries);
        command.Options.Add(CommonOptions.Json);
    }

    public override Task<int> RunAsync(ParseResult parse, CliContext context)
    {
        var path = parse.GetRequiredValue(_image);
        var keys = CommandHelpers.PublicKeys(parse, _keys);
        if (keys.Count == 0)
        {
            throw new CliException("give the key(s) the device trusts: --key KEY.pem", ExitCodes.Usage);
        }

        var bytes = CommandHelpers.ReadFile(path, "image");
        var runtime = parse.GetValue(_runtime) is { } named ? Runtimes.Parse(named) : Runtimes.Of(bytes);
        var libraries = parse.GetValue(_libraries) ?? [];
        Update.Slots.ILibraryCatalog? catalog = null;
        if (libraries.Length > 0)
        {
            var list = new LibraryList();
            foreach (var library in libraries)
            {
                var (name, version) = CommandHelpers.ParseNameVersion("--library", library);
                list.Add(name, version);
            }

            catalog = list;
        }
        else if (runtime == BundleRuntime.DotNet)
        {
            catalog = new HostLibraryCatalog();
        }

        var product = parse.GetValue(_product);
        var check = DeviceCheck.Check(bytes, keys, new DeviceProfile(runtime, product, catalog));
        var result = check.Result;
        var device = Runtimes.Device(runtime) + (product != null ? $" of product \"{product}\"" : string.Empty);
        if (parse.GetValue(CommonOptions.Json))
        {
            context.WriteJson(new VerifyReport(path, check.Accepted, check.Reason, Runtimes.Id(runtime), product,
                result.Version?.ToString(), result.HasSecurityCounter ? result.SecurityCounter : null, result.ProductId,
                result.KeyHash is { } kh ? Convert.ToHexStringLower(kh) : null, result.ImageHash is { } ih ? Convert.ToHexStringLower(ih) : null));
        }
        else if (check.Accepted)
        {
            context.Out.WriteLine($"{path}: valid for {device}: version {result.Version}, signed by key {Convert.ToHexStringLower(result.KeyHash)[..16]}..." +
                (result.HasSecurityCounter ? $", security counter {Counters.Describe(result.SecurityCounter)}" : ", no security counter") +
                (result.ProductId != null ? $", product \"{result.ProductId}\"" : ", any product"));
        }

        if (!check.Accepted)
        {
            context.Error.WriteLine($"fota: {path}: NOT valid for {device}: {check.Reason}");
            return Task.FromResult(ExitCodes.Failed);
        }

        if (product == null && result.ProductId != null)
        {
            context.Note($"(the product was not checked: --product {result.ProductId} checks it)");
        }

        if (catalog == null && result.Manifest is { Requirements.Length: > 0 })
        {
            context.Note("(the required libraries were not checked: --library NAME=VERSION says what the device has)");
        }

        return Task.FromResult(ExitCodes.Ok);
    }

    private sealed record VerifyReport(string File, bool Valid, string? Reason, string Runtime, string? DeviceProduct,
        string? Version, uint? SecurityCounter, string? Product, string? KeyHash, string? Hash);
}
