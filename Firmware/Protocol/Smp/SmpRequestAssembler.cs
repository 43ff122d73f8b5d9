using System;
using FotaDevice.Protocol.Cbor;

namespace FotaDevice.Protocol.Smp
{
    /// <summary>
    /// Puts one SMP request back together from the payloads of several transport writes (BLE
    /// writes carry no framing of their own), into a buffer given at construction.
    /// </summary>
    /// <remarks>
    /// <para>The header's Length says where a request ends. Use:</para>
    /// <code>
    /// while (count &gt; 0)
    /// {
    ///     int used = assembler.Write(data, offset, count);
    ///     offset += used;
    ///     count -= used;
    ///     if (assembler.Status == SmpRequestAssembler.RequestReady)
    ///     {
    ///         Handle(assembler.Header, assembler.Buffer, SmpHeader.Size, assembler.Header.Length);
    ///         assembler.Next();
    ///     }
    ///     else if (assembler.Status == SmpRequestAssembler.RequestTooLong)
    ///     {
    ///         ReplyError(assembler.Header, SmpErrors.EMSGSIZE); // its body is skipped as it arrives
    ///     }
    /// }
    /// </code>
    /// <para>
    /// A write may hold the end of one request and the start of the next: <see cref="Write"/>
    /// stops at the end of the request and returns how much it took. A request whose header
    /// announces more than the buffer holds is reported once as <see cref="RequestTooLong"/> with
    /// its header readable; the assembler then drops exactly the announced body bytes and is in
    /// step again for the next request. <see cref="Reset"/> forgets everything (on disconnect, or
    /// when a partial request has stalled — see <see cref="IsIdle"/>). Nothing is allocated after
    /// construction. Not thread-safe: the transport must serialise calls.
    /// </para>
    /// </remarks>
    public sealed class SmpRequestAssembler
    {
        /// <summary><see cref="Status"/>: everything offered was taken; the request is not complete yet.</summary>
        public const int NeedMore = 0;

        /// <summary><see cref="Status"/>: a whole request is in <see cref="Buffer"/>; call <see cref="Next"/> when done with it.</summary>
        public const int RequestReady = 1;

        /// <summary>
        /// <see cref="Status"/>: the header just read announces a body larger than the buffer. The
        /// header is in <see cref="Header"/> (to answer MGMT_ERR_EMSGSIZE); the body will be skipped.
        /// </summary>
        public const int RequestTooLong = 2;

        private readonly byte[] _buffer;
        private readonly SmpHeader _header = new SmpHeader();
        private int _filled;
        private int _total;
        private int _skip;
        private bool _ready;
        private int _status;

        /// <summary>Creates an assembler for requests of up to <c>buffer.Length</c> bytes, header included.</summary>
        /// <param name="buffer">The buffer requests are assembled in; at least 8 bytes.</param>
        public SmpRequestAssembler(byte[] buffer)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (buffer.Length < SmpHeader.Size)
            {
                throw new ArgumentOutOfRangeException("buffer", "smaller than an SMP header");
            }

            _buffer = buffer;
        }

        /// <summary>The buffer: a ready request's header at 0, its body at <see cref="SmpHeader.Size"/>.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Largest request accepted, header included.</summary>
        public int Capacity
        {
            get { return _buffer.Length; }
        }

        /// <summary>The header of the ready (or too long) request.</summary>
        public SmpHeader Header
        {
            get { return _header; }
        }

        /// <summary>Length of the ready request, header and body.</summary>
        public int RequestLength
        {
            get { return _ready ? _total : 0; }
        }

        /// <summary>Outcome of the last <see cref="Write"/>: <see cref="NeedMore"/>, <see cref="RequestReady"/> or <see cref="RequestTooLong"/>.</summary>
        public int Status
        {
            get { return _status; }
        }

        /// <summary>True if no part of a request is held or being skipped (between requests).</summary>
        public bool IsIdle
        {
            get { return !_ready && _filled == 0 && _skip == 0; }
        }

        /// <summary>
        /// Takes bytes of the request stream, up to the end of the current request, and sets
        /// <see cref="Status"/>.
        /// </summary>
        /// <param name="data">The buffer holding the bytes.</param>
        /// <param name="offset">Start of the bytes.</param>
        /// <param name="count">Number of bytes offered.</param>
        /// <returns>Number of bytes taken; fewer than <paramref name="count"/> only when a request ended or was found too long.</returns>
        /// <exception cref="InvalidOperationException">A ready request has not been released with <see cref="Next"/>.</exception>
        public int Write(byte[] data, int offset, int count)
        {
            if (_ready)
            {
                throw new InvalidOperationException("the previous request is still in the buffer; call Next first");
            }

            ArrayRange.Check(data, offset, count, "data");
            int used = 0;
            if (_skip > 0)
            {
                used = count < _skip ? count : _skip;
                _skip -= used;
                if (_skip > 0 || used == count)
                {
                    _status = NeedMore;
                    return used;
                }
            }

            if (_filled < SmpHeader.Size)
            {
                int take = SmpHeader.Size - _filled;
                if (take > count - used)
                {
                    take = count - used;
                }

                Array.Copy(data, offset + used, _buffer, _filled, take);
                _filled += take;
                used += take;
                if (_filled < SmpHeader.Size)
                {
                    _status = NeedMore;
                    return used;
                }

                _header.Read(_buffer, 0);
                _total = SmpHeader.Size + _header.Length;
                if (_total > _buffer.Length)
                {
                    _filled = 0;
                    _skip = _header.Length;
                    _status = RequestTooLong;
                    return used;
                }
            }

            int rest = _total - _filled;
            if (rest > count - used)
            {
                rest = count - used;
            }

            Array.Copy(data, offset + used, _buffer, _filled, rest);
            _filled += rest;
            used += rest;
            if (_filled == _total)
            {
                _ready = true;
                _status = RequestReady;
            }
            else
            {
                _status = NeedMore;
            }

            return used;
        }

        /// <summary>Releases the ready request; the buffer takes the next one.</summary>
        public void Next()
        {
            _ready = false;
            _filled = 0;
            _total = 0;
            _status = NeedMore;
        }

        /// <summary>Forgets any partial, ready or skipped request (on disconnect or after a stall).</summary>
        public void Reset()
        {
            Next();
            _skip = 0;
        }
    }
}
