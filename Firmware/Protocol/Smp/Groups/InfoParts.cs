namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// The parts of the OS info answer (SMP group 0, command 7) and their format letters, in the
    /// order Zephyr prints them: s kernel name, n node name, r release, v version, b build time,
    /// m machine, p processor, i hardware platform, o operating system; a = all of them.
    /// </summary>
    internal static class InfoParts
    {
        public const int KernelName = 1;
        private const int NodeName = 2;
        private const int Release = 4;
        private const int Version = 8;
        private const int BuildTime = 16;
        private const int Machine = 32;
        private const int Processor = 64;
        private const int Platform = 128;
        private const int OperatingSystem = 256;
        private const int All = 511;

        /// <summary>The part a format letter asks for, or 0 for a letter that names none.</summary>
        public static int Of(byte letter)
        {
            switch (letter)
            {
                case (byte)'s': return KernelName;
                case (byte)'n': return NodeName;
                case (byte)'r': return Release;
                case (byte)'v': return Version;
                case (byte)'b': return BuildTime;
                case (byte)'m': return Machine;
                case (byte)'p': return Processor;
                case (byte)'i': return Platform;
                case (byte)'o': return OperatingSystem;
                case (byte)'a': return All;
                default: return 0;
            }
        }

        /// <summary>The answer for a set of parts: at most nine short texts, separated by spaces.</summary>
        public static string Text(int parts, SmpServerSettings settings)
        {
            string output = string.Empty;
            for (int part = KernelName; part <= OperatingSystem; part <<= 1)
            {
                if ((parts & part) != 0)
                {
                    string text = TextOf(part, settings);
                    output = output.Length == 0 ? text : output + " " + text;
                }
            }

            return output;
        }

        private static string TextOf(int part, SmpServerSettings settings)
        {
            switch (part)
            {
                case KernelName: return "nanoFramework";
                case NodeName: return settings.DeviceName;
                case Release: return settings.Release;
                case Version: return "FotaDevice";
                case BuildTime: return "-";
                case OperatingSystem: return "nanoFramework";
                default: return settings.Machine; // machine, processor, hardware platform
            }
        }
    }
}
