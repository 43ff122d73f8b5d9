using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// SMP group 0 (OS), the commands clients use: echo (0), reset (5), MCUmgr parameters (6) and
    /// OS/application info (7). A reset is only requested here; the server restarts the device after
    /// the reply has gone out.
    /// </summary>
    public sealed class OsGroup : ISmpGroupHandler
    {
        private const int Echo = 0;
        private const int Reset = 5;
        private const int Parameters = 6;
        private const int Info = 7;

        private readonly SmpServerSettings _settings;

        /// <summary>Creates the group.</summary>
        public OsGroup(SmpServerSettings settings)
        {
            _settings = settings;
        }

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
            string format = "s";
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(SmpKeys.Format))
                {
                    format = body.ReadTextString();
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            string output = string.Empty;
            for (int i = 0; i < format.Length; i++)
            {
                string part = InfoPart(format[i]);
                if (part == null)
                {
                    return SmpReplies.Error(response, SmpErrors.EINVAL, "unknown info format letter '" + format.Substring(i, 1) + "'");
                }

                output = output.Length == 0 ? part : output + " " + part;
            }

            response.WriteStartMap(1);
            response.WriteTextString(SmpKeys.Output);
            response.WriteTextString(output);
            return SmpErrors.EOK;
        }

        private string InfoPart(char letter)
        {
            switch (letter)
            {
                case 's': return "nanoFramework";
                case 'n': return _settings.DeviceName;
                case 'r': return _settings.Release;
                case 'v': return "FotaDevice";
                case 'b': return "-";
                case 'm': return _settings.Machine;
                case 'p': return _settings.Machine;
                case 'i': return _settings.Machine;
                case 'o': return "nanoFramework";
                case 'a': return "nanoFramework " + _settings.DeviceName + " " + _settings.Release + " FotaDevice - " + _settings.Machine + " nanoFramework";
                default: return null;
            }
        }
    }
}
