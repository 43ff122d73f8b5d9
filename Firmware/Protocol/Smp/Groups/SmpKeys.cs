namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>The UTF-8 map keys of the SMP groups, made once so requests are parsed without allocation.</summary>
    internal static class SmpKeys
    {
        public static readonly byte[] D = Ascii("d");
        public static readonly byte[] R = Ascii("r");
        public static readonly byte[] Rc = Ascii("rc");
        public static readonly byte[] Rsn = Ascii("rsn");
        public static readonly byte[] BufSize = Ascii("buf_size");
        public static readonly byte[] BufCount = Ascii("buf_count");
        public static readonly byte[] Format = Ascii("format");
        public static readonly byte[] Output = Ascii("output");
        public static readonly byte[] Images = Ascii("images");
        public static readonly byte[] Image = Ascii("image");
        public static readonly byte[] Slot = Ascii("slot");
        public static readonly byte[] Version = Ascii("version");
        public static readonly byte[] Hash = Ascii("hash");
        public static readonly byte[] Bootable = Ascii("bootable");
        public static readonly byte[] Pending = Ascii("pending");
        public static readonly byte[] Confirmed = Ascii("confirmed");
        public static readonly byte[] Active = Ascii("active");
        public static readonly byte[] Permanent = Ascii("permanent");
        public static readonly byte[] SplitStatus = Ascii("splitStatus");
        public static readonly byte[] Confirm = Ascii("confirm");
        public static readonly byte[] Off = Ascii("off");
        public static readonly byte[] Len = Ascii("len");
        public static readonly byte[] Data = Ascii("data");
        public static readonly byte[] Sha = Ascii("sha");
        public static readonly byte[] Upgrade = Ascii("upgrade");
        public static readonly byte[] Match = Ascii("match");
        public static readonly byte[] Reason = Ascii("reason");

        /// <summary>The bytes of an ASCII string (keys are ASCII; no Encoding needed on the device).</summary>
        public static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
