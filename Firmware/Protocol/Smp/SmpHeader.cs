using System;

namespace FotaDevice.Protocol.Smp
{
    /// <summary>
    /// The 8-byte header in front of every SMP (mcumgr) request and response.
    /// </summary>
    /// <remarks>
    /// Layout (Zephyr <c>doc/services/device_mgmt/smp_protocol.rst</c>; multi-byte fields are
    /// big-endian, whatever the original spec said, because every implementation does so):
    /// <code>
    ///  byte 0   bits 7-5  Res       reserved, 0 when sent; ignored when read
    ///           bits 4-3  Ver       0b00 = SMP version 1 (legacy errors {"rc": n}),
    ///                               0b01 = SMP version 2 (group errors {"err": {"group", "rc"}}),
    ///                               0b10 and 0b11 reserved
    ///           bits 2-0  OP        0 read, 1 read response, 2 write, 3 write response
    ///  byte 1             Flags     none defined; 0
    ///  byte 2-3           Length    length of the CBOR body that follows the header
    ///  byte 4-5           Group ID  0 OS, 1 image, 2 stat, 3 settings, 8 fs, 9 shell, 10 enum,
    ///                               63 Zephyr basic, 64 and up user groups
    ///  byte 6             Sequence  echoed unchanged in the response
    ///  byte 7             Command   command id within the group
    /// </code>
    /// A response has OP = request OP + 1, the request's group, sequence and command, and the
    /// version the server answers in (the request's, when supported). The body of groups below
    /// 64 is always one CBOR map. Transports: over BLE (service 8D53DC1D-1DB7-4CD3-868B-8A527460AA84,
    /// characteristic DA2E7828-FBCE-4E01-AE9E-261174997C48) a request arrives as one or more
    /// write-without-response payloads with no extra framing, and a response leaves as one or more
    /// notifications of at most ATT MTU − 3 bytes; the header's Length tells where a request ends
    /// (see <see cref="SmpRequestAssembler"/>). Over UDP (port 1337) one datagram is one frame.
    /// </remarks>
    public sealed class SmpHeader
    {
        /// <summary>Size of the header in bytes.</summary>
        public const int Size = 8;

        /// <summary>OP: read request.</summary>
        public const int OpRead = 0;

        /// <summary>OP: response to a read.</summary>
        public const int OpReadResponse = 1;

        /// <summary>OP: write request.</summary>
        public const int OpWrite = 2;

        /// <summary>OP: response to a write.</summary>
        public const int OpWriteResponse = 3;

        /// <summary>Ver field 0b00: SMP version 1, errors as <c>{"rc": n}</c>.</summary>
        public const int Version1 = 0;

        /// <summary>Ver field 0b01: SMP version 2, group errors as <c>{"err": {"group": g, "rc": n}}</c>.</summary>
        public const int Version2 = 1;

        /// <summary>Largest body a header can announce.</summary>
        public const int MaxLength = 0xFFFF;

        private int _op;
        private int _version;
        private int _flags;
        private int _length;
        private int _group;
        private int _sequence;
        private int _command;

        /// <summary>OP field, 0–7 (<see cref="OpRead"/> … <see cref="OpWriteResponse"/>; 4–7 are undefined).</summary>
        public int Op
        {
            get { return _op; }
            set { _op = Check(value, 7, "value"); }
        }

        /// <summary>Ver field, 0–3 (<see cref="Version1"/>, <see cref="Version2"/>; 2 and 3 reserved).</summary>
        public int Version
        {
            get { return _version; }
            set { _version = Check(value, 3, "value"); }
        }

        /// <summary>Flags byte, 0–255.</summary>
        public int Flags
        {
            get { return _flags; }
            set { _flags = Check(value, 0xFF, "value"); }
        }

        /// <summary>Length of the body after the header, 0–65535.</summary>
        public int Length
        {
            get { return _length; }
            set { _length = Check(value, MaxLength, "value"); }
        }

        /// <summary>Group id, 0–65535.</summary>
        public int Group
        {
            get { return _group; }
            set { _group = Check(value, 0xFFFF, "value"); }
        }

        /// <summary>Sequence number, 0–255.</summary>
        public int Sequence
        {
            get { return _sequence; }
            set { _sequence = Check(value, 0xFF, "value"); }
        }

        /// <summary>Command id within the group, 0–255.</summary>
        public int CommandId
        {
            get { return _command; }
            set { _command = Check(value, 0xFF, "value"); }
        }

        /// <summary>True for a read or write request (OP 0 or 2).</summary>
        public bool IsRequest
        {
            get { return _op == OpRead || _op == OpWrite; }
        }

        /// <summary>Decodes a header from 8 bytes at <paramref name="offset"/>. The reserved bits are ignored.</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Where the header starts.</param>
        public void Read(byte[] data, int offset)
        {
            CheckRange(data, offset);
            int first = data[offset];
            _op = first & 0x07;
            _version = (first >> 3) & 0x03;
            _flags = data[offset + 1];
            _length = (data[offset + 2] << 8) | data[offset + 3];
            _group = (data[offset + 4] << 8) | data[offset + 5];
            _sequence = data[offset + 6];
            _command = data[offset + 7];
        }

        /// <summary>Encodes the header into 8 bytes at <paramref name="offset"/>, reserved bits 0.</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Where the header goes.</param>
        public void Write(byte[] data, int offset)
        {
            CheckRange(data, offset);
            data[offset] = (byte)((_version << 3) | _op);
            data[offset + 1] = (byte)_flags;
            data[offset + 2] = (byte)(_length >> 8);
            data[offset + 3] = (byte)_length;
            data[offset + 4] = (byte)(_group >> 8);
            data[offset + 5] = (byte)_group;
            data[offset + 6] = (byte)_sequence;
            data[offset + 7] = (byte)_command;
        }

        /// <summary>Copies every field of <paramref name="other"/>.</summary>
        /// <param name="other">The header to copy.</param>
        public void CopyFrom(SmpHeader other)
        {
            _op = other._op;
            _version = other._version;
            _flags = other._flags;
            _length = other._length;
            _group = other._group;
            _sequence = other._sequence;
            _command = other._command;
        }

        /// <summary>
        /// Makes this the header of the response to <paramref name="request"/>: OP + 1, same
        /// version, group, sequence and command, flags 0, and the given body length.
        /// </summary>
        /// <param name="request">A read or write request.</param>
        /// <param name="bodyLength">Length of the response body.</param>
        public void SetResponseTo(SmpHeader request, int bodyLength)
        {
            if (!request.IsRequest)
            {
                throw new ArgumentException("not a request", "request");
            }

            _op = request._op + 1;
            _version = request._version;
            _flags = 0;
            Length = bodyLength;
            _group = request._group;
            _sequence = request._sequence;
            _command = request._command;
        }

        private static int Check(int value, int max, string name)
        {
            if (value < 0 || value > max)
            {
                throw new ArgumentOutOfRangeException(name, "out of the field's range");
            }

            return value;
        }

        private static void CheckRange(byte[] data, int offset)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || offset > data.Length - Size)
            {
                throw new ArgumentOutOfRangeException("offset", "no room for an 8-byte header");
            }
        }
    }
}
