using Tmds.DBus.Protocol;

namespace FotaDevice.Host.Ble;

/// <summary>
/// fota's BlueZ pairing agent (org.bluez.Agent1, registered through AgentManager1 as KeyboardOnly):
/// when BlueZ pairs with a device that displays a fixed passkey, it asks this agent, which answers
/// with <c>--passkey</c>, or asks the user, or refuses — and remembers that it was asked, so a
/// failure can say that the device wants a passkey.
/// </summary>
internal sealed class PasskeyAgent(string path, uint? passkey, Func<string, string?>? ask) : IPathMethodHandler
{
    private uint? _passkey = passkey;

    public string Path { get; } = path;

    public bool HandlesChildPaths => false;

    /// <summary>The device whose passkey BlueZ asked for and that we could not give, if any.</summary>
    public string? RefusedFor { get; private set; }

    /// <summary>How many times BlueZ asked for a passkey.</summary>
    public int Asked { get; private set; }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        if (request.InterfaceAsString != BlueZNames.Agent)
        {
            context.ReplyUnknownMethodError();
            return default;
        }

        switch (request.MemberAsString)
        {
            case "RequestPasskey" or "RequestPinCode":
                var device = request.GetBodyReader().ReadObjectPathAsString();
                Asked++;
                if (Passkey(device) is not { } key)
                {
                    RefusedFor = device;
                    context.ReplyError(BlueZNames.ErrorPrefix + "Rejected", "no passkey given (fota --passkey)");
                }
                else if (request.MemberAsString == "RequestPasskey")
                {
                    using var writer = context.CreateReplyWriter("u");
                    writer.WriteUInt32(key);
                    context.Reply(writer.CreateMessage());
                }
                else
                {
                    using var writer = context.CreateReplyWriter("s");
                    writer.WriteString(key.ToString("D6"));
                    context.Reply(writer.CreateMessage());
                }

                break;
            case "RequestConfirmation":
                // Numeric comparison: confirm only the code we were given (a KeyboardOnly agent is rarely asked this).
                var reader = request.GetBodyReader();
                var confirmDevice = reader.ReadObjectPathAsString();
                var shown = reader.ReadUInt32();
                Asked++;
                if (Passkey(confirmDevice) == shown)
                {
                    ReplyEmpty(context);
                }
                else
                {
                    RefusedFor = confirmDevice;
                    context.ReplyError(BlueZNames.ErrorPrefix + "Rejected", "the code shown is not the passkey given");
                }

                break;
            case "RequestAuthorization" or "AuthorizeService" or "DisplayPasskey" or "DisplayPinCode" or "Cancel" or "Release":
                // Pairing we started ourselves: accept; nothing to display.
                ReplyEmpty(context);
                break;
            default:
                context.ReplyUnknownMethodError();
                break;
        }

        return default;
    }

    private static void ReplyEmpty(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null);
        context.Reply(writer.CreateMessage());
    }

    private uint? Passkey(string device)
    {
        if (_passkey == null && ask?.Invoke(device) is { } typed)
        {
            _passkey = BleOptions.ParsePasskey(typed.Trim());
        }

        return _passkey;
    }
}
