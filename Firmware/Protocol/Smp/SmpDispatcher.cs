using System;
using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp
{
    /// <summary>
    /// Turns one whole SMP request into one whole response: parses the header, finds the group's
    /// <see cref="ISmpGroupHandler"/>, and maps every failure to an SMP error reply.
    /// </summary>
    /// <remarks>
    /// <para>Failures and replies (the header always echoes group, sequence and command):</para>
    /// <list type="bullet">
    /// <item>a frame that is not a request (OP 1, 3, 4–7), or shorter than a header: no reply;</item>
    /// <item>an empty body is taken as an empty map <c>{}</c>, as Zephyr does (mcumgr-web, for one, sends none);</item>
    /// <item>Ver 2 or 3: <c>{"rc": UNSUPPORTED_TOO_NEW}</c> in an SMP version 2 header, as Zephyr does;</item>
    /// <item>a body length other than the header's Length: EINVAL;</item>
    /// <item>no handler for the group, or the handler returns a code: <c>{"rc": code}</c> (ENOTSUP, …);</item>
    /// <item>malformed or unexpected CBOR: EINVAL; a response that does not fit: EMSGSIZE;</item>
    /// <item>any other exception from a handler: EUNKNOWN — input from the air never escapes as an
    /// exception (a crash would look like a power-on to the approval logic).</item>
    /// </list>
    /// <para>Every such error reply also carries a reason, <c>"rsn"</c>, when it fits the buffer.</para>
    /// <para>
    /// All working memory (the response buffer, reader, writer, headers) is given or allocated at
    /// construction; processing a request allocates nothing. Not thread-safe: one request at a
    /// time, and the response must be sent before the next request is processed.
    /// </para>
    /// </remarks>
    public sealed class SmpDispatcher
    {
        /// <summary>Smallest response buffer accepted: a header and any error body.</summary>
        public const int MinimumResponseSize = SmpHeader.Size + 16;

        private readonly ISmpGroupHandler[] _handlers;
        private readonly byte[] _responseBuffer;
        private readonly CborReader _reader = new CborReader(CborReader.DefaultMaxDepth);
        private readonly CborWriter _writer;
        private readonly SmpHeader _request = new SmpHeader();
        private readonly SmpHeader _response = new SmpHeader();
        private static readonly byte[] EmptyMap = { 0xA0 };
        private int _handlerCount;
        private string _reason;

        /// <summary>Creates a dispatcher that writes responses into <paramref name="responseBuffer"/>.</summary>
        /// <param name="responseBuffer">Where every response goes, at offset 0; at least <see cref="MinimumResponseSize"/> bytes.</param>
        /// <param name="maxGroups">Most handlers that will be registered.</param>
        public SmpDispatcher(byte[] responseBuffer, int maxGroups)
        {
            if (responseBuffer == null)
            {
                throw new ArgumentNullException("responseBuffer");
            }

            if (responseBuffer.Length < MinimumResponseSize)
            {
                throw new ArgumentOutOfRangeException("responseBuffer", "too small for a header and an error body");
            }

            if (maxGroups < 1)
            {
                throw new ArgumentOutOfRangeException("maxGroups", "must be at least 1");
            }

            _responseBuffer = responseBuffer;
            int bodyRoom = responseBuffer.Length - SmpHeader.Size;
            _writer = new CborWriter(responseBuffer, SmpHeader.Size, bodyRoom < SmpHeader.MaxLength ? bodyRoom : SmpHeader.MaxLength);
            _handlers = new ISmpGroupHandler[maxGroups];
        }

        /// <summary>The buffer responses are written into (the response starts at offset 0).</summary>
        public byte[] ResponseBuffer
        {
            get { return _responseBuffer; }
        }

        /// <summary>The header of the last request processed.</summary>
        public SmpHeader LastRequest
        {
            get { return _request; }
        }

        /// <summary>Adds the handler of a group.</summary>
        /// <param name="handler">The handler; its group must not have one yet.</param>
        public void Register(ISmpGroupHandler handler)
        {
            if (handler == null)
            {
                throw new ArgumentNullException("handler");
            }

            if (Find(handler.GroupId) != null)
            {
                throw new ArgumentException("group already has a handler", "handler");
            }

            if (_handlerCount == _handlers.Length)
            {
                throw new InvalidOperationException("no room for another handler");
            }

            _handlers[_handlerCount++] = handler;
        }

        /// <summary>Processes one whole request (header and body) and writes the whole response into <see cref="ResponseBuffer"/>.</summary>
        /// <param name="request">Buffer holding the request; not the response buffer.</param>
        /// <param name="offset">Start of the request (its header).</param>
        /// <param name="count">Length of the request, header and body.</param>
        /// <returns>Length of the response at the start of <see cref="ResponseBuffer"/>; 0 if the frame gets no reply.</returns>
        public int Process(byte[] request, int offset, int count)
        {
            ArrayRange.Check(request, offset, count, "request");
            if (count < SmpHeader.Size)
            {
                return 0;
            }

            _request.Read(request, offset);
            if (!_request.IsRequest)
            {
                return 0;
            }

            CborWriter writer = _writer;
            writer.Reset();
            _reason = null;
            int rc;
            int version = _request.Version;
            if (version > SmpHeader.Version2)
            {
                version = SmpHeader.Version2;
                rc = SmpErrors.UNSUPPORTED_TOO_NEW;
            }
            else if (count - SmpHeader.Size != _request.Length)
            {
                rc = SmpErrors.EINVAL;
                _reason = "the body length does not match the header's";
            }
            else
            {
                rc = Dispatch(request, offset + SmpHeader.Size, count - SmpHeader.Size, writer);
            }

            if (rc != SmpErrors.EOK)
            {
                writer.Reset();
                SmpErrors.WriteRc(writer, rc, _reason != null ? _reason : SmpErrors.ReasonOf(rc));
            }

            _response.SetResponseTo(_request, writer.Length);
            _response.Version = version;
            _response.Write(_responseBuffer, 0);
            return SmpHeader.Size + writer.Length;
        }

        /// <summary>
        /// Writes the reply to a request the assembler found too long
        /// (<see cref="SmpRequestAssembler.RequestTooLong"/>): <c>{"rc": EMSGSIZE}</c>.
        /// </summary>
        /// <param name="request">The too-long request's header.</param>
        /// <returns>Length of the response at the start of <see cref="ResponseBuffer"/>; 0 if the header is not a request's.</returns>
        public int RejectTooLong(SmpHeader request)
        {
            if (request == null)
            {
                throw new ArgumentNullException("request");
            }

            if (!request.IsRequest)
            {
                return 0;
            }

            _writer.Reset();
            SmpErrors.WriteRc(_writer, SmpErrors.EMSGSIZE, SmpErrors.ReasonOf(SmpErrors.EMSGSIZE));
            _response.SetResponseTo(request, _writer.Length);
            if (_response.Version > SmpHeader.Version2)
            {
                _response.Version = SmpHeader.Version2;
            }

            _response.Write(_responseBuffer, 0);
            return SmpHeader.Size + _writer.Length;
        }

        private int Dispatch(byte[] request, int bodyOffset, int bodyLength, CborWriter writer)
        {
            ISmpGroupHandler handler = Find(_request.Group);
            if (handler == null)
            {
                return SmpErrors.ENOTSUP;
            }

            if (bodyLength == 0)
            {
                _reader.Reset(EmptyMap, 0, EmptyMap.Length);
            }
            else
            {
                _reader.Reset(request, bodyOffset, bodyLength);
            }

            try
            {
                return handler.Handle(_request, _reader, writer);
            }
            catch (CborException e)
            {
                if (e.Code == CborError.BufferTooSmall)
                {
                    return SmpErrors.EMSGSIZE;
                }

                _reason = "malformed request: " + e.Message;
                return SmpErrors.EINVAL;
            }
            catch (Exception)
            {
                return SmpErrors.EUNKNOWN;
            }
        }

        private ISmpGroupHandler Find(int group)
        {
            for (int i = 0; i < _handlerCount; i++)
            {
                if (_handlers[i].GroupId == group)
                {
                    return _handlers[i];
                }
            }

            return null;
        }
    }
}
