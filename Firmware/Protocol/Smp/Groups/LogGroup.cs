using FotaDevice.Platform.Logging;
using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// SMP group 65 "log", our own (docs/smp-fota-group.md): command 0 (read) returns the newest
    /// lines of the device's RAM log, so an owner in the field sees what the device said (the serial
    /// console reaches only an attached debugger). Request <c>{"after": n}</c> (optional: the last
    /// line number the client has); reply <c>{"first": n, "last": n, "lines": [...]}</c> with as
    /// many lines after n as fit the reply buffer, oldest first. Reading changes nothing.
    /// </summary>
    public sealed class LogGroup : ISmpGroupHandler
    {
        /// <summary>The group id: the second per-user group.</summary>
        public const int Id = SmpGroup.PerUser + 1;

        private static readonly byte[] After = SmpKeys.Ascii("after");
        private static readonly byte[] First = SmpKeys.Ascii("first");
        private static readonly byte[] Last = SmpKeys.Ascii("last");
        private static readonly byte[] Lines = SmpKeys.Ascii("lines");

        private readonly RingLog _log;
        private readonly string[] _lines;

        /// <summary>Serves <paramref name="log"/>.</summary>
        public LogGroup(RingLog log)
        {
            _log = log;
            _lines = new string[log.Capacity];
        }

        /// <inheritdoc/>
        public int GroupId
        {
            get { return Id; }
        }

        /// <inheritdoc/>
        public int Handle(SmpHeader request, CborReader body, CborWriter response)
        {
            if (request.CommandId != 0 || request.Op != SmpHeader.OpRead)
            {
                return SmpErrors.ENOTSUP;
            }

            long after = 0;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(After))
                {
                    after = body.ReadInt64();
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            long first;
            int count = _log.Read(after < 0 ? 0 : after, _lines, out first);

            // Keys and numbers take at most 40 bytes; each line its UTF-8 length and a 3-byte head.
            int room = response.Remaining - 40;
            int fit = 0;
            while (fit < count)
            {
                int size = 3 + Utf8Length(_lines[fit]);
                if (size > room)
                {
                    break;
                }

                room -= size;
                fit++;
            }

            response.WriteStartMap(3);
            response.WriteTextString(First);
            response.WriteInt64(first);
            response.WriteTextString(Last);
            response.WriteInt64(fit == 0 ? first - 1 : first + fit - 1);
            response.WriteTextString(Lines);
            response.WriteStartArray(fit);
            for (int i = 0; i < fit; i++)
            {
                response.WriteTextString(_lines[i]);
                _lines[i] = null;
            }

            for (int i = fit; i < count; i++)
            {
                _lines[i] = null;
            }

            return SmpErrors.EOK;
        }

        private static int Utf8Length(string text)
        {
            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }

            return length;
        }
    }
}
