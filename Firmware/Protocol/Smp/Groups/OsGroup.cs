using FotaDevice.Protocol.Cbor;
using FotaDevice.Update;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// SMP group 0 (OS), the commands clients use: echo (0), reset (5), MCUmgr parameters (6) and
    /// OS/application info (7). A reset is only requested here, and only if the update service lets a
    /// client restart the device now (<see cref="UpdateEngine.RequestReset"/>); the server restarts
    /// the device after the reply has gone out.
    /// </summary>
    public sealed class OsGroup : ISmpGroupHandler
    {
        private const int Echo = 0;
        private const int Reset = 5;
        private const int Parameters = 6;
        private const int Info = 7;

        private readonly SmpServerSettings _settings;
        private readonly UpdateEngine _engine;

        /// <summary>Creates the group over the update service (which decides whether a reset may happen).</summary>
        public OsGroup(SmpServerSettings settings, UpdateEngine engine)
        {
            _settings = settings;
            _engine = engine;
        }

        /// <summary>The client of the request being handled (set by the server).</summary>
        public object Client { get; set; }

        /// <summary>True when a reset was asked for and its reply is on its way.</summary>
        public bool ResetRequested { get; set; }

        /// <inheritdoc/>
        public int GroupId
        {
            get { return SmpGroup.Os; }
        }

        /// <inheritdoc/>
        public int Handle(SmpHeader request, CborReader body, CborWriter response)
        {
            int id = request.CommandId;
            bool write = request.Op == SmpHeader.OpWrite;
            if (id == Echo && write)
            {
                return HandleEcho(body, response);
            }

            if (id == Reset && write)
            {
                body.SkipValue();
                int status = _engine.RequestReset(Client);
                if (status != UpdateStatus.Ok)
                {
                    return SmpReplies.Error(response, SmpReplies.CodeOf(status), _engine.LastMessage);
                }

                ResetRequested = true;
                response.WriteStartMap(0);
                return SmpErrors.EOK;
            }

            if (id == Parameters && !write)
            {
                body.SkipValue();
                response.WriteStartMap(2);
                response.WriteTextString(SmpKeys.BufSize);
                response.WriteInt32(_settings.BufferSize);
                response.WriteTextString(SmpKeys.BufCount);
                response.WriteInt32(_settings.BufferCount);
                return SmpErrors.EOK;
            }

            if (id == Info && !write)
            {
                return HandleInfo(body, response);
            }

            return SmpErrors.ENOTSUP;
        }

        private static int HandleEcho(CborReader body, CborWriter response)
        {
            int textOffset = -1;
            int textLength = 0;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(SmpKeys.D))
                {
                    body.GetTextStringRange(out textOffset, out textLength);
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            if (textOffset < 0)
            {
                return SmpReplies.Error(response, SmpErrors.EINVAL, "echo needs \"d\"");
            }

            response.WriteStartMap(1);
            response.WriteTextString(SmpKeys.R);
            response.WriteTextString(body.Buffer, textOffset, textLength);
            return SmpErrors.EOK;
        }

        private int HandleInfo(CborReader body, CborWriter response)
        {
            int formatOffset = -1;
            int formatLength = 0;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(SmpKeys.Format))
                {
                    body.GetTextStringRange(out formatOffset, out formatLength);
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            // As Zephyr: each letter sets a part, repeats add nothing, the parts come in a fixed order.
            // One pass over the request, and an answer of bounded size whatever the request holds.
            int parts = formatLength == 0 ? InfoParts.KernelName : 0;
            byte[] data = body.Buffer;
            for (int i = 0; i < formatLength; i++)
            {
                int part = InfoParts.Of(data[formatOffset + i]);
                if (part == 0)
                {
                    return SmpReplies.Error(response, SmpErrors.EINVAL, "unknown info format letter " + new string(new char[] { '\'', (char)data[formatOffset + i], '\'' }));
                }

                parts |= part;
            }

            response.WriteStartMap(1);
            response.WriteTextString(SmpKeys.Output);
            response.WriteTextString(InfoParts.Text(parts, _settings));
            return SmpErrors.EOK;
        }
    }
}
