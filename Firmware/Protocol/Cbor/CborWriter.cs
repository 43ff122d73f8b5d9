using System;

namespace FotaDevice.Protocol.Cbor
{
    /// <summary>
    /// Writes CBOR (RFC 8949) into a fixed range of a byte array given at construction, for SMP
    /// response bodies.
    /// </summary>
    /// <remarks>
    /// The buffer never grows. An item that does not fit throws a <see cref="CborException"/>
    /// with <see cref="CborError.BufferTooSmall"/> before any byte of it is written, so
    /// <see cref="Length"/> still ends at the last whole item. Heads are always in their shortest
    /// form (RFC 8949 §4.2.1 preferred serialization). Arrays and maps have definite length: the
    /// caller gives the count up front and the writer does not check it. Nothing is allocated
    /// after construction. An instance is not thread-safe.
    /// </remarks>
    public sealed class CborWriter
    {
        private readonly byte[] _buffer;
        private readonly int _start;
        private readonly int _end;
        private int _pos;

        /// <summary>Creates a writer over a whole buffer.</summary>
        /// <param name="buffer">The output buffer.</param>
        public CborWriter(byte[] buffer)
            : this(buffer, 0, buffer == null ? 0 : buffer.Length)
        {
        }

        /// <summary>Creates a writer over a range of a buffer (e.g. after an SMP header).</summary>
        /// <param name="buffer">The output buffer.</param>
        /// <param name="offset">Where the first item goes.</param>
        /// <param name="count">Room, in bytes.</param>
        public CborWriter(byte[] buffer, int offset, int count)
        {
            ArrayRange.Check(buffer, offset, count, "buffer");
            _buffer = buffer;
            _start = offset;
            _end = offset + count;
            _pos = offset;
        }

        /// <summary>The output buffer.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset in <see cref="Buffer"/> where the first item goes.</summary>
        public int Offset
        {
            get { return _start; }
        }

        /// <summary>Room in bytes, written or not.</summary>
        public int Capacity
        {
            get { return _end - _start; }
        }

        /// <summary>Bytes written since the start (or the last <see cref="Reset"/>).</summary>
        public int Length
        {
            get { return _pos - _start; }
        }

        /// <summary>Bytes still free.</summary>
        public int Remaining
        {
            get { return _end - _pos; }
        }

        /// <summary>Forgets everything written; the next item goes at <see cref="Offset"/> again.</summary>
        public void Reset()
        {
            _pos = _start;
        }

        /// <summary>Writes an unsigned integer.</summary>
        /// <param name="value">The value.</param>
        public void WriteUInt32(uint value)
        {
            WriteHead(CborMajorType.UnsignedInteger, value, 0);
        }

        /// <summary>Writes an unsigned integer.</summary>
        /// <param name="value">The value.</param>
        public void WriteUInt64(ulong value)
        {
            WriteHead(CborMajorType.UnsignedInteger, value, 0);
        }

        /// <summary>Writes a signed integer (major type 0 or 1).</summary>
        /// <param name="value">The value.</param>
        public void WriteInt32(int value)
        {
            if (value >= 0)
            {
                WriteHead(CborMajorType.UnsignedInteger, (ulong)value, 0);
            }
            else
            {
                WriteHead(CborMajorType.NegativeInteger, (ulong)(uint)~value, 0);
            }
        }

        /// <summary>Writes a signed integer (major type 0 or 1).</summary>
        /// <param name="value">The value.</param>
        public void WriteInt64(long value)
        {
            if (value >= 0)
            {
                WriteHead(CborMajorType.UnsignedInteger, (ulong)value, 0);
            }
            else
            {
                WriteHead(CborMajorType.NegativeInteger, (ulong)~value, 0);
            }
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        /// <param name="value">The value.</param>
        public void WriteBoolean(bool value)
        {
            WriteByte(value ? CborMajorType.True : CborMajorType.False);
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void WriteNull()
        {
            WriteByte(CborMajorType.Null);
        }

        /// <summary>
        /// Writes a text string, encoding it to UTF-8 straight into the buffer (no allocation).
        /// A lone surrogate is written as U+FFFD, as .NET's and nanoFramework's UTF-8 encoders do.
        /// </summary>
        /// <param name="value">The text.</param>
        public void WriteTextString(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException("value");
            }

            int chars = value.Length;
            int length = 0;
            for (int i = 0; i < chars; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    length += 1;
                }
                else if (c < 0x800)
                {
                    length += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < chars && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF)
                {
                    length += 4;
                    i++;
                }
                else
                {
                    length += 3; // other BMP characters, and U+FFFD for a lone surrogate
                }
            }

            WriteHead(CborMajorType.TextString, (ulong)length, length);
            byte[] b = _buffer;
            int p = _pos - length;
            for (int i = 0; i < chars; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    b[p++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    b[p++] = (byte)(0xC0 | (c >> 6));
                    b[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    int low = i + 1 < chars ? value[i + 1] : 0;
                    if (c <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF)
                    {
                        int cp = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                        b[p++] = (byte)(0xF0 | (cp >> 18));
                        b[p++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                        b[p++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                        b[p++] = (byte)(0x80 | (cp & 0x3F));
                        i++;
                    }
                    else
                    {
                        b[p++] = 0xEF;
                        b[p++] = 0xBF;
                        b[p++] = 0xBD;
                    }
                }
                else
                {
                    b[p++] = (byte)(0xE0 | (c >> 12));
                    b[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte)(0x80 | (c & 0x3F));
                }
            }
        }

        /// <summary>Writes a text string from UTF-8 bytes (a key constant, for example). The bytes are not checked.</summary>
        /// <param name="utf8">The text as UTF-8.</param>
        public void WriteTextString(byte[] utf8)
        {
            if (utf8 == null)
            {
                throw new ArgumentNullException("utf8");
            }

            WriteString(CborMajorType.TextString, utf8, 0, utf8.Length);
        }

        /// <summary>Writes a text string from a range of UTF-8 bytes. The bytes are not checked.</summary>
        /// <param name="utf8">The buffer holding the text.</param>
        /// <param name="offset">Start of the text.</param>
        /// <param name="count">Length of the text in bytes.</param>
        public void WriteTextString(byte[] utf8, int offset, int count)
        {
            WriteString(CborMajorType.TextString, utf8, offset, count);
        }

        /// <summary>Writes a whole array as a byte string.</summary>
        /// <param name="data">The bytes.</param>
        public void WriteByteString(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            WriteString(CborMajorType.ByteString, data, 0, data.Length);
        }

        /// <summary>Writes a range of an array as a byte string.</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Start of the bytes.</param>
        /// <param name="count">Number of bytes.</param>
        public void WriteByteString(byte[] data, int offset, int count)
        {
            WriteString(CborMajorType.ByteString, data, offset, count);
        }

        /// <summary>
        /// Writes the head of a byte string of <paramref name="length"/> bytes and reserves room for
        /// its content, for the caller to fill in place (e.g. by reading a file straight into it).
        /// </summary>
        /// <param name="length">Length of the content.</param>
        /// <returns>Offset in <see cref="Buffer"/> where the content goes.</returns>
        public int ReserveByteString(int length)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException("length", "must not be negative");
            }

            WriteHead(CborMajorType.ByteString, (ulong)length, length);
            return _pos - length;
        }

        /// <summary>Writes the head of a map of <paramref name="pairs"/> key/value pairs; write them next.</summary>
        /// <param name="pairs">Number of pairs.</param>
        public void WriteStartMap(int pairs)
        {
            if (pairs < 0)
            {
                throw new ArgumentOutOfRangeException("pairs", "must not be negative");
            }

            WriteHead(CborMajorType.Map, (ulong)pairs, 0);
        }

        /// <summary>Writes the head of an array of <paramref name="count"/> items; write them next.</summary>
        /// <param name="count">Number of items.</param>
        public void WriteStartArray(int count)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException("count", "must not be negative");
            }

            WriteHead(CborMajorType.Array, (ulong)count, 0);
        }

        /// <summary>
        /// Copies bytes that already are CBOR (for example a constant, pre-encoded part of a
        /// response) as they are. They are not checked.
        /// </summary>
        /// <param name="encoded">The buffer holding the encoded items.</param>
        /// <param name="offset">Start of the bytes.</param>
        /// <param name="count">Number of bytes.</param>
        public void WriteRaw(byte[] encoded, int offset, int count)
        {
            ArrayRange.Check(encoded, offset, count, "encoded");
            if (_end - _pos < count)
            {
                throw new CborException(CborError.BufferTooSmall, _pos);
            }

            Array.Copy(encoded, offset, _buffer, _pos, count);
            _pos += count;
        }

        private void WriteString(int major, byte[] data, int offset, int count)
        {
            ArrayRange.Check(data, offset, count, "data");
            WriteHead(major, (ulong)count, count);
            Array.Copy(data, offset, _buffer, _pos - count, count);
        }

        private void WriteByte(byte value)
        {
            if (_pos >= _end)
            {
                throw new CborException(CborError.BufferTooSmall, _pos);
            }

            _buffer[_pos++] = value;
        }

        // Writes the shortest head for (major, arg) and advances past `content` more bytes, after
        // checking that both fit. The caller fills the content at _pos - content.
        private void WriteHead(int major, ulong arg, int content)
        {
            int headLength;
            if (arg < 24)
            {
                headLength = 1;
            }
            else if (arg <= 0xFF)
            {
                headLength = 2;
            }
            else if (arg <= 0xFFFF)
            {
                headLength = 3;
            }
            else if (arg <= 0xFFFFFFFFUL)
            {
                headLength = 5;
            }
            else
            {
                headLength = 9;
            }

            int p = _pos;
            if (_end - p < headLength || _end - p - headLength < content)
            {
                throw new CborException(CborError.BufferTooSmall, p);
            }

            byte[] b = _buffer;
            int initial = major << 5;
            switch (headLength)
            {
                case 1:
                    b[p] = (byte)(initial | (int)arg);
                    break;
                case 2:
                    b[p] = (byte)(initial | CborMajorType.AdditionalOneByte);
                    b[p + 1] = (byte)arg;
                    break;
                case 3:
                    b[p] = (byte)(initial | CborMajorType.AdditionalTwoBytes);
                    b[p + 1] = (byte)(arg >> 8);
                    b[p + 2] = (byte)arg;
                    break;
                case 5:
                    {
                        uint v = (uint)arg;
                        b[p] = (byte)(initial | CborMajorType.AdditionalFourBytes);
                        b[p + 1] = (byte)(v >> 24);
                        b[p + 2] = (byte)(v >> 16);
                        b[p + 3] = (byte)(v >> 8);
                        b[p + 4] = (byte)v;
                        break;
                    }

                default:
                    {
                        uint high = (uint)(arg >> 32);
                        uint low = (uint)arg;
                        b[p] = (byte)(initial | CborMajorType.AdditionalEightBytes);
                        b[p + 1] = (byte)(high >> 24);
                        b[p + 2] = (byte)(high >> 16);
                        b[p + 3] = (byte)(high >> 8);
                        b[p + 4] = (byte)high;
                        b[p + 5] = (byte)(low >> 24);
                        b[p + 6] = (byte)(low >> 16);
                        b[p + 7] = (byte)(low >> 8);
                        b[p + 8] = (byte)low;
                        break;
                    }
            }

            _pos = p + headLength + content;
        }
    }
}
