using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp
{
    /// <summary>
    /// SMP result codes (Zephyr <c>enum mcumgr_err_t</c>, names without the <c>MGMT_ERR_</c>
    /// prefix) and the writers of error bodies.
    /// </summary>
    /// <remarks>
    /// Error replies (Zephyr <c>smp_protocol.rst</c>, "Minimal response"): success is an empty map
    /// (or a map without "rc"/"err"). An SMP-level error (unknown group or command, malformed
    /// request, message too big) is <c>{"rc": n}</c> with a code of this class, in both protocol
    /// versions. A group's own error is <c>{"err": {"group": g, "rc": n}}</c> with the group's code
    /// when the request came as SMP version 2, and <c>{"rc": n}</c> with the nearest code of this
    /// class when it came as version 1 — each group maps its codes to these for v1 clients.
    /// </remarks>
    public static class SmpErrors
    {
        /// <summary>Success.</summary>
        public const int EOK = 0;

        /// <summary>Unknown error.</summary>
        public const int EUNKNOWN = 1;

        /// <summary>Insufficient memory (likely not enough space for the CBOR object).</summary>
        public const int ENOMEM = 2;

        /// <summary>Error in an input value (including a malformed CBOR body).</summary>
        public const int EINVAL = 3;

        /// <summary>Operation timed out.</summary>
        public const int ETIMEOUT = 4;

        /// <summary>No such file or entry.</summary>
        public const int ENOENT = 5;

        /// <summary>Current state disallows the command.</summary>
        public const int EBADSTATE = 6;

        /// <summary>Message too large (request larger than the buffer, or response too big).</summary>
        public const int EMSGSIZE = 7;

        /// <summary>Command not supported (unknown group, command or OP).</summary>
        public const int ENOTSUP = 8;

        /// <summary>Corrupt.</summary>
        public const int ECORRUPT = 9;

        /// <summary>Command blocked by the processing of another command.</summary>
        public const int EBUSY = 10;

        /// <summary>Access to the function, command or resource denied.</summary>
        public const int EACCESSDENIED = 11;

        /// <summary>The requested SMP protocol version is not supported (too old).</summary>
        public const int UNSUPPORTED_TOO_OLD = 12;

        /// <summary>The requested SMP protocol version is not supported (too new).</summary>
        public const int UNSUPPORTED_TOO_NEW = 13;

        /// <summary>First of the user-defined codes.</summary>
        public const int EPERUSER = 256;

        private static readonly byte[] KeyRc = { (byte)'r', (byte)'c' };
        private static readonly byte[] KeyRsn = { (byte)'r', (byte)'s', (byte)'n' };
        private static readonly byte[] KeyErr = { (byte)'e', (byte)'r', (byte)'r' };
        private static readonly byte[] KeyGroup = { (byte)'g', (byte)'r', (byte)'o', (byte)'u', (byte)'p' };

        /// <summary>Writes the whole body <c>{"rc": rc}</c>: an SMP-level error, or any error to a version 1 client.</summary>
        /// <param name="writer">Where the body goes (normally empty).</param>
        /// <param name="rc">The result code.</param>
        public static void WriteRc(CborWriter writer, int rc)
        {
            writer.WriteStartMap(1);
            writer.WriteTextString(KeyRc);
            writer.WriteInt32(rc);
        }

        /// <summary>
        /// Writes the whole body <c>{"rc": rc, "rsn": reason}</c>; without the reason when it would not
        /// fit the writer's room (the code alone always fits a buffer of the minimum size).
        /// </summary>
        /// <param name="writer">Where the body goes (empty).</param>
        /// <param name="rc">The result code.</param>
        /// <param name="reason">Why, for people (ASCII); null for none.</param>
        public static void WriteRc(CborWriter writer, int rc, string reason)
        {
            if (reason == null || writer.Remaining < 3 * reason.Length + 16)
            {
                WriteRc(writer, rc);
                return;
            }

            writer.WriteStartMap(2);
            writer.WriteTextString(KeyRc);
            writer.WriteInt32(rc);
            writer.WriteTextString(KeyRsn);
            writer.WriteTextString(reason);
        }

        /// <summary>A reason for an SMP-level error code, or null.</summary>
        public static string ReasonOf(int rc)
        {
            switch (rc)
            {
                case ENOTSUP: return "not supported: unknown group, command or operation";
                case EINVAL: return "invalid request";
                case EMSGSIZE: return "the request or its reply does not fit the device's buffer";
                case EUNKNOWN: return "the device failed to handle the request";
                case UNSUPPORTED_TOO_NEW: return "this SMP version is not supported: use version 1 or 2";
                default: return null;
            }
        }

        /// <summary>
        /// Writes the whole error body for <paramref name="version"/>: <c>{"err": {"group": group, "rc": rc}}</c>
        /// for <see cref="SmpHeader.Version2"/>, otherwise <c>{"rc": rc}</c>. The caller passes the
        /// group's own code for version 2 and the matching code of this class for version 1.
        /// </summary>
        /// <param name="writer">Where the body goes (normally empty).</param>
        /// <param name="version">The request's Ver field.</param>
        /// <param name="group">The group the error belongs to.</param>
        /// <param name="rc">The error code.</param>
        public static void WriteError(CborWriter writer, int version, int group, int rc)
        {
            if (version != SmpHeader.Version2)
            {
                WriteRc(writer, rc);
                return;
            }

            writer.WriteStartMap(1);
            writer.WriteTextString(KeyErr);
            writer.WriteStartMap(2);
            writer.WriteTextString(KeyGroup);
            writer.WriteInt32(group);
            writer.WriteTextString(KeyRc);
            writer.WriteInt32(rc);
        }
    }
}
