using System.Text;
namespace FotaDevice.Host.Approval;

/// <summary>The firmware's <c>Bootloader.Shim/Esp32/OwnerCode.cs</c> for one device: its salt and derived key, never the code.</summary>
public static class OwnerCodeSource
{
    /// <summary>Where the file goes in the repository.</summary>
    public const string DefaultPath = "Bootloader.Shim/Esp32/OwnerCode.cs";

    /// <summary>C# source holding <paramref name="stored"/>; <paramref name="deviceNote"/> names the device in a comment (never the code).</summary>
    public static string For(StoredOwnerCode stored, string deviceNote)
    {
        var text = new StringBuilder();
        text.AppendLine("// Made by: fota code new. The owner code of " + deviceNote + " as the device keeps it:");
        text.AppendLine("// a salt and the key derived from the code (the code itself is on the label only).");
        text.AppendLine("// The key proves the owner: keep this file out of public repositories, one per device.");
        text.AppendLine("using FotaDevice.Update.Approval;");
        text.AppendLine();
        text.AppendLine("namespace FotaDevice.Keys");
        text.AppendLine("{");
        text.AppendLine("    /// <summary>The device's owner code (salt and derived key).</summary>");
        text.AppendLine("    public static class OwnerCode");
        text.AppendLine("    {");
        text.AppendLine("        /// <summary>The salt and key (null: no owner code).</summary>");
        text.AppendLine("        public static readonly OwnerCodeKey Key = new OwnerCodeKey(");
        text.AppendLine("            new byte[] { " + Bytes(stored.Salt) + " },");
        text.AppendLine("            new byte[] { " + Bytes(stored.Key) + " });");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }

    private static string Bytes(byte[] data) => string.Join(", ", data.Select(b => "0x" + b.ToString("X2")));
}
