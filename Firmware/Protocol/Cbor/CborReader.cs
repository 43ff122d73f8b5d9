using System;
using FotaDevice.Binary;
using System.Text;

namespace FotaDevice.Protocol.Cbor
{
    /// <summary>
    /// A pull reader of CBOR (RFC 8949) over a range of a byte array, for SMP request bodies.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The reader never touches a byte outside <c>[offset, offset + count)</c> and allocates
    /// nothing after construction, except <see cref="ReadTextString"/> which returns a new string.
    /// Keys are compared against UTF-8 constants in place (<see cref="TryReadKey"/>), and byte
    /// strings are handed out as a range of the buffer (<see cref="GetByteStringRange"/>), so an
    /// upload's "data" is never copied by the reader. One reader is meant to be created once and
    /// pointed at each request with <see cref="Reset(byte[], int, int)"/>.
    /// </para>
    /// <para>
    /// Supported: integers up to 64 bits, byte and text strings of definite length, arrays and
    /// maps of definite or indefinite length (older nRF Connect Device Manager releases send
    /// indefinite maps, <c>BF … FF</c>), booleans, null. Tags, floats, undefined and other simple
    /// values are recognised by <see cref="PeekType"/> and skipped by <see cref="SkipValue"/>, but
    /// have no typed read.
    /// </para>
    /// <para>Decisions, and what is rejected (each with its <see cref="CborError"/> code):</para>
    /// <list type="bullet">
    /// <item>Non-minimal heads (e.g. 5 as <c>18 05</c>) are accepted: RFC 8949 makes them
    /// well-formed, only not preferred, and real clients emit them.</item>
    /// <item>Indefinite-length byte and text strings are rejected (<see cref="CborError.IndefiniteString"/>):
    /// no SMP client sends them, and their chunks could not be handed out as one range.</item>
    /// <item>Additional information 28–30: <see cref="CborError.ReservedAdditionalInfo"/>.</item>
    /// <item>Data ending inside an item, or a length or count that cannot fit in the bytes left:
    /// <see cref="CborError.Truncated"/>.</item>
    /// <item>More than <see cref="MaxDepth"/> nested arrays/maps: <see cref="CborError.NestingTooDeep"/>.</item>
    /// <item>Text strings are checked for UTF-8 validity only by <see cref="ReadTextString"/>;
    /// key comparison is byte-wise.</item>
    /// <item>Duplicate map keys are not detected here; SMP handlers decide (last one wins, usually).</item>
    /// </list>
    /// <para>
    /// The reader tracks the open arrays and maps: reading past the end of a container throws
    /// <see cref="CborError.EndOfContainer"/>, and <see cref="ReadEnd"/> checks that every item was
    /// consumed, for definite and indefinite containers alike. An instance is not thread-safe.
    /// </para>
    /// <para>
    /// A read that fails consumes nothing, as with System.Formats.Cbor's reader: the item is
    /// neither counted in its container nor skipped, so it can be read again with the right
    /// method (a handler may try <see cref="ReadInt64"/>, then <see cref="ReadTextString"/>), and
    /// <see cref="SkipValue"/> of a malformed item leaves the reader where it was.
    /// </para>
    /// </remarks>
    public sealed class CborReader
    {
        /// <summary>Default limit of nested arrays and maps (SMP bodies need two or three).</summary>
        public const int DefaultMaxDepth = 8;

        private readonly int _maxDepth;

        // Per open container, index 1.._maxDepth (0 is the top level): items left for a definite
        // container (a map counts keys and values), -1 for an indefinite one.
        private readonly int[] _remaining;

        // Per open indefinite container: items read so far (a map must end after a value).
        private readonly int[] _count;
        private readonly bool[] _isMap;

        private byte[] _data;
        private int _start;
        private int _pos;
        private int _end;
        private int _depth;

        // The head decoded last by DecodeHead.
        private int _major;
        private int _ai;
        private ulong _arg;

        /// <summary>Creates a reader over a range, with the default depth limit.</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Start of the CBOR data in <paramref name="data"/>.</param>
        /// <param name="count">Number of bytes of CBOR data.</param>
        public CborReader(byte[] data, int offset, int count)
            : this(DefaultMaxDepth)
        {
            Reset(data, offset, count);
        }

        /// <summary>
        /// Creates a reader with no data yet (call <see cref="Reset(byte[], int, int)"/>), allocating
        /// its container stack for <paramref name="maxDepth"/> levels.
        /// </summary>
        /// <param name="maxDepth">Limit of nested arrays and maps, 1 to 64.</param>
        public CborReader(int maxDepth)
        {
            if (maxDepth < 1 || maxDepth > 64)
            {
                throw new ArgumentOutOfRangeException("maxDepth", "must be 1 to 64");
            }

            _maxDepth = maxDepth;
            _remaining = new int[maxDepth + 1];
            _count = new int[maxDepth + 1];
            _isMap = new bool[maxDepth + 1];
            _data = new byte[0];
        }

        /// <summary>Points the reader at new data and forgets all state. Allocates nothing.</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Start of the CBOR data in <paramref name="data"/>.</param>
        /// <param name="count">Number of bytes of CBOR data.</param>
        public void Reset(byte[] data, int offset, int count)
        {
            ArrayRange.Check(data, offset, count, "data");
            _data = data;
            _start = offset;
            _pos = offset;
            _end = offset + count;
            _depth = 0;
        }

        /// <summary>The buffer being read.</summary>
        public byte[] Buffer
        {
            get { return _data; }
        }

        /// <summary>Offset in <see cref="Buffer"/> of the next byte to read.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>Number of bytes consumed since the start of the range.</summary>
        public int BytesConsumed
        {
            get { return _pos - _start; }
        }

        /// <summary>Number of bytes left in the range.</summary>
        public int BytesRemaining
        {
            get { return _end - _pos; }
        }

        /// <summary>Number of arrays and maps open (0 at the top level).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>The limit of nested arrays and maps.</summary>
        public int MaxDepth
        {
            get { return _maxDepth; }
        }

        /// <summary>True at the top level with every byte of the range consumed.</summary>
        public bool IsAtEnd
        {
            get { return _depth == 0 && _pos == _end; }
        }

        /// <summary>
        /// The kind of the next item (a <see cref="CborType"/> value), without consuming it;
        /// <see cref="CborType.EndOfContainer"/> when the innermost array or map has no more items.
        /// </summary>
        /// <returns>A <see cref="CborType"/> constant.</returns>
        /// <exception cref="CborException">No data is left, or the initial byte is reserved or a stray break.</exception>
        public int PeekType()
        {
            if (AtContainerEnd())
            {
                return CborType.EndOfContainer;
            }

            DecodeHead(_pos);
            int major = _major;
            if (major != CborMajorType.SimpleOrFloat)
            {
                return major;
            }

            int ai = _ai;
            if (ai == 20 || ai == 21)
            {
                return CborType.Boolean;
            }

            if (ai == 22)
            {
                return CborType.Null;
            }

            if (ai == 23)
            {
                return CborType.Undefined;
            }

            if (ai >= CborMajorType.AdditionalTwoBytes && ai <= CborMajorType.AdditionalEightBytes)
            {
                return CborType.Float;
            }

            if (ai == CborMajorType.AdditionalIndefinite)
            {
                throw Error(CborError.Malformed);
            }

            return CborType.SimpleValue;
        }

        /// <summary>Reads an unsigned integer of up to 64 bits.</summary>
        /// <returns>The value.</returns>
        /// <exception cref="CborException">Not an unsigned integer (<see cref="CborError.OutOfRange"/> for a negative one), or malformed.</exception>
        public ulong ReadUInt64()
        {
            int next = PeekIntegerHead();
            if (_major != CborMajorType.UnsignedInteger)
            {
                throw Error(CborError.OutOfRange);
            }

            ulong value = _arg;
            Commit(next);
            return value;
        }

        /// <summary>Reads an unsigned integer that fits 32 bits.</summary>
        /// <returns>The value.</returns>
        /// <exception cref="CborException">Not an integer, negative or above 2^32−1, or malformed.</exception>
        public uint ReadUInt32()
        {
            int next = PeekIntegerHead();
            if (_major != CborMajorType.UnsignedInteger || _arg > 0xFFFFFFFFUL)
            {
                throw Error(CborError.OutOfRange);
            }

            uint value = (uint)_arg;
            Commit(next);
            return value;
        }

        /// <summary>Reads a signed integer that fits 64 bits.</summary>
        /// <returns>The value.</returns>
        /// <exception cref="CborException">Not an integer, out of the Int64 range, or malformed.</exception>
        public long ReadInt64()
        {
            int next = PeekIntegerHead();
            if (_arg > 0x7FFFFFFFFFFFFFFFUL)
            {
                throw Error(CborError.OutOfRange);
            }

            long value = _major == CborMajorType.UnsignedInteger ? Signed.FromUInt64(_arg) : -1L - (long)_arg;
            Commit(next);
            return value;
        }

        /// <summary>Reads a signed integer that fits 32 bits.</summary>
        /// <returns>The value.</returns>
        /// <exception cref="CborException">Not an integer, out of the Int32 range, or malformed.</exception>
        public int ReadInt32()
        {
            int next = PeekIntegerHead();
            if (_arg > 0x7FFFFFFFUL)
            {
                throw Error(CborError.OutOfRange);
            }

            int value = _major == CborMajorType.UnsignedInteger ? (int)_arg : -1 - (int)_arg;
            Commit(next);
            return value;
        }

        /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
        /// <returns>The value.</returns>
        /// <exception cref="CborException">Not a boolean, or no item left.</exception>
        public bool ReadBoolean()
        {
            CheckItemLeft();
            int p = _pos;
            if (p >= _end)
            {
                throw Error(CborError.Truncated);
            }

            int b = _data[p];
            if (b != CborMajorType.True && b != CborMajorType.False)
            {
                throw Error(CborError.UnexpectedType);
            }

            Commit(p + 1);
            return b == CborMajorType.True;
        }

        /// <summary>Reads <c>null</c>.</summary>
        /// <exception cref="CborException">Not null, or no item left.</exception>
        public void ReadNull()
        {
            CheckItemLeft();
            int p = _pos;
            if (p >= _end)
            {
                throw Error(CborError.Truncated);
            }

            if (_data[p] != CborMajorType.Null)
            {
                throw Error(CborError.UnexpectedType);
            }

            Commit(p + 1);
        }

        /// <summary>Opens a map. Read its keys and values, then <see cref="ReadEnd"/> (or loop on <see cref="TryReadEnd"/>).</summary>
        /// <returns>The number of key/value pairs, or −1 for an indefinite-length map.</returns>
        /// <exception cref="CborException">Not a map, nested too deep, or a count larger than the data.</exception>
        public int ReadStartMap()
        {
            return ReadStart(CborMajorType.Map);
        }

        /// <summary>Opens an array. Read its items, then <see cref="ReadEnd"/> (or loop on <see cref="TryReadEnd"/>).</summary>
        /// <returns>The number of items, or −1 for an indefinite-length array.</returns>
        /// <exception cref="CborException">Not an array, nested too deep, or a count larger than the data.</exception>
        public int ReadStartArray()
        {
            return ReadStart(CborMajorType.Array);
        }

        /// <summary>
        /// Closes the innermost array or map if it has no more items (consuming the break of an
        /// indefinite one) and returns true; returns false, consuming nothing, if items remain.
        /// </summary>
        /// <returns>True if the container was closed.</returns>
        /// <exception cref="CborException">No container is open, the data ends, or an indefinite map ends after a key.</exception>
        public bool TryReadEnd()
        {
            if (_depth == 0)
            {
                throw Error(CborError.NotInContainer);
            }

            return CloseIfEnded();
        }

        /// <summary>Closes the innermost array or map, which must have no more items.</summary>
        /// <exception cref="CborException"><see cref="CborError.ItemsRemain"/> if it has, or as <see cref="TryReadEnd"/>.</exception>
        public void ReadEnd()
        {
            if (!TryReadEnd())
            {
                throw Error(CborError.ItemsRemain);
            }
        }

        /// <summary>
        /// If the next item is a text string equal to <paramref name="utf8Key"/>, consumes it and
        /// returns true; otherwise consumes nothing and returns false (also at the end of the
        /// container). Allocates nothing. The usual loop over an SMP request map:
        /// <code>
        /// reader.ReadStartMap();
        /// while (!reader.TryReadEnd())
        /// {
        ///     if (reader.TryReadKey(KeyOff)) { off = reader.ReadUInt32(); }
        ///     else if (reader.TryReadKey(KeyData)) { reader.GetByteStringRange(out dataOffset, out dataLength); }
        ///     else { reader.SkipValue(); reader.SkipValue(); } // unknown key and its value
        /// }
        /// </code>
        /// </summary>
        /// <param name="utf8Key">The key as UTF-8 bytes (a static readonly constant).</param>
        /// <returns>True if the key matched and was consumed.</returns>
        /// <exception cref="CborException">The next head is truncated or reserved, or the matching string is cut short.</exception>
        public bool TryReadKey(byte[] utf8Key)
        {
            if (AtContainerEnd())
            {
                return false;
            }

            int content = DecodeHead(_pos);
            if (_major != CborMajorType.TextString || _ai == CborMajorType.AdditionalIndefinite)
            {
                return false;
            }

            int length = utf8Key.Length;
            if (_arg != (ulong)length)
            {
                return false;
            }

            if (_end - content < length)
            {
                throw Error(CborError.Truncated);
            }

            byte[] data = _data;
            for (int i = 0; i < length; i++)
            {
                if (data[content + i] != utf8Key[i])
                {
                    return false;
                }
            }

            Commit(content + length);
            return true;
        }

        /// <summary>
        /// Reads a text string and tells whether it equals <paramref name="utf8"/>, byte for byte.
        /// Consumes the string either way. Allocates nothing.
        /// </summary>
        /// <param name="utf8">The expected text as UTF-8 bytes.</param>
        /// <returns>True if equal.</returns>
        /// <exception cref="CborException">Not a text string, truncated, or indefinite-length.</exception>
        public bool ReadTextStringEquals(byte[] utf8)
        {
            int offset;
            int length;
            Commit(PeekString(CborMajorType.TextString, out offset, out length));
            if (length != utf8.Length)
            {
                return false;
            }

            byte[] data = _data;
            for (int i = 0; i < length; i++)
            {
                if (data[offset + i] != utf8[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Reads a byte string and gives where its content lies in <see cref="Buffer"/>, without
        /// copying it.
        /// </summary>
        /// <param name="offset">Offset of the content in <see cref="Buffer"/>.</param>
        /// <param name="length">Length of the content.</param>
        /// <exception cref="CborException">Not a byte string, truncated, or indefinite-length.</exception>
        public void GetByteStringRange(out int offset, out int length)
        {
            Commit(PeekString(CborMajorType.ByteString, out offset, out length));
        }

        /// <summary>
        /// Reads a text string and gives where its UTF-8 content lies in <see cref="Buffer"/>,
        /// without copying or checking it.
        /// </summary>
        /// <param name="offset">Offset of the content in <see cref="Buffer"/>.</param>
        /// <param name="length">Length of the content in bytes.</param>
        /// <exception cref="CborException">Not a text string, truncated, or indefinite-length.</exception>
        public void GetTextStringRange(out int offset, out int length)
        {
            Commit(PeekString(CborMajorType.TextString, out offset, out length));
        }

        /// <summary>Reads a text string into a new string (allocates; for rare use). The UTF-8 is checked.</summary>
        /// <returns>The text.</returns>
        /// <exception cref="CborException">Not a text string, truncated, indefinite-length, or invalid UTF-8.</exception>
        public string ReadTextString()
        {
            int offset;
            int length;
            int next = PeekString(CborMajorType.TextString, out offset, out length);
            if (!IsValidUtf8(_data, offset, length))
            {
                throw Error(CborError.InvalidUtf8);
            }

            Commit(next);
            return length == 0 ? string.Empty : Encoding.UTF8.GetString(_data, offset, length);
        }

        /// <summary>
        /// Skips the next item whole: a scalar, a string, a tagged item, or an array or map with
        /// everything nested in it. Iterative; the depth limit still applies.
        /// </summary>
        /// <exception cref="CborException">The item is malformed, truncated or nested too deep, or there is no item left.</exception>
        public void SkipValue()
        {
            int baseDepth = _depth;
            int start = _pos;
            int remaining = _remaining[baseDepth];
            int count = _count[baseDepth];
            try
            {
                SkipItem(baseDepth);
            }
            catch (CborException)
            {
                // Nothing of a failed skip is consumed: the reader is where it was.
                _pos = start;
                _depth = baseDepth;
                _remaining[baseDepth] = remaining;
                _count[baseDepth] = count;
                throw;
            }
        }

        private void SkipItem(int baseDepth)
        {
            BeginItem();
            while (true)
            {
                ReadHead();
                int major = _major;
                int ai = _ai;
                if (major == CborMajorType.Tag)
                {
                    if (ai == CborMajorType.AdditionalIndefinite)
                    {
                        throw Error(CborError.Malformed);
                    }

                    continue; // the tagged item follows and belongs to the same item
                }

                if (major <= CborMajorType.NegativeInteger)
                {
                    if (ai == CborMajorType.AdditionalIndefinite)
                    {
                        throw Error(CborError.Malformed);
                    }
                }
                else if (major <= CborMajorType.TextString)
                {
                    if (ai == CborMajorType.AdditionalIndefinite)
                    {
                        throw Error(CborError.IndefiniteString);
                    }

                    if (_arg > (ulong)(_end - _pos))
                    {
                        throw Error(CborError.Truncated);
                    }

                    _pos += (int)_arg;
                }
                else if (major <= CborMajorType.Map)
                {
                    PushContainer(major == CborMajorType.Map);
                }
                else if (ai == CborMajorType.AdditionalIndefinite || (ai == CborMajorType.AdditionalOneByte && _arg < 32))
                {
                    // A break that closes nothing open here, or a simple value in the two-byte form below 32.
                    throw Error(CborError.Malformed);
                }

                // Close every container the item completed.
                while (_depth > baseDepth && CloseIfEnded())
                {
                }

                if (_depth == baseDepth)
                {
                    return;
                }

                BeginItem();
            }
        }

        /// <summary>True if <paramref name="count"/> bytes at <paramref name="offset"/> are well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points above U+10FFFF).</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">Start of the text.</param>
        /// <param name="count">Length of the text in bytes.</param>
        /// <returns>True if valid.</returns>
        public static bool IsValidUtf8(byte[] data, int offset, int count)
        {
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                int b = data[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int follow;
                int cp;
                int min;
                if ((b & 0xE0) == 0xC0)
                {
                    follow = 1;
                    cp = b & 0x1F;
                    min = 0x80;
                }
                else if ((b & 0xF0) == 0xE0)
                {
                    follow = 2;
                    cp = b & 0x0F;
                    min = 0x800;
                }
                else if ((b & 0xF8) == 0xF0)
                {
                    follow = 3;
                    cp = b & 0x07;
                    min = 0x10000;
                }
                else
                {
                    return false;
                }

                if (end - i - 1 < follow)
                {
                    return false;
                }

                for (int k = 1; k <= follow; k++)
                {
                    int c = data[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    cp = (cp << 6) | (c & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return false;
                }

                i += follow + 1;
            }

            return true;
        }

        private int ReadStart(int major)
        {
            CheckItemLeft();
            int next = DecodeHead(_pos);
            if (_major != major)
            {
                throw Error(CborError.UnexpectedType);
            }

            bool isMap = major == CborMajorType.Map;
            CheckContainer(isMap, next);
            Commit(next);
            return PushContainer(isMap);
        }

        // Closes the innermost open container (depth > 0) if it has no more items, consuming the
        // break of an indefinite one.
        private bool CloseIfEnded()
        {
            int d = _depth;
            int left = _remaining[d];
            if (left == 0)
            {
                _depth = d - 1;
                return true;
            }

            if (left > 0)
            {
                return false;
            }

            if (_pos >= _end)
            {
                throw Error(CborError.Truncated);
            }

            if (_data[_pos] != CborMajorType.Break)
            {
                return false;
            }

            if (_isMap[d] && (_count[d] & 1) != 0)
            {
                throw Error(CborError.Malformed);
            }

            _pos++;
            _depth = d - 1;
            return true;
        }

        // Checks that the next item is a definite string of the major type, consuming nothing;
        // gives its content's range and returns the offset after it.
        private int PeekString(int major, out int offset, out int length)
        {
            CheckItemLeft();
            int content = DecodeHead(_pos);
            if (_major != major)
            {
                throw Error(CborError.UnexpectedType);
            }

            if (_ai == CborMajorType.AdditionalIndefinite)
            {
                throw Error(CborError.IndefiniteString);
            }

            if (_arg > (ulong)(_end - content))
            {
                throw Error(CborError.Truncated);
            }

            offset = content;
            length = (int)_arg;
            return content + length;
        }

        // Checks that the next item is an integer, consuming nothing (its head is in _major,
        // _ai, _arg); returns the offset after it.
        private int PeekIntegerHead()
        {
            CheckItemLeft();
            int next = DecodeHead(_pos);
            if (_major > CborMajorType.NegativeInteger)
            {
                throw Error(CborError.UnexpectedType);
            }

            if (_ai == CborMajorType.AdditionalIndefinite)
            {
                throw Error(CborError.Malformed);
            }

            return next;
        }

        // Consumes the item just checked: counts it in its container and moves past it.
        private void Commit(int next)
        {
            BeginItem();
            _pos = next;
        }

        // Throws EndOfContainer if the innermost container has no item left; changes nothing.
        private void CheckItemLeft()
        {
            if (AtContainerEnd())
            {
                throw Error(CborError.EndOfContainer);
            }
        }

        // Checks the container whose head was just decoded (_ai, _arg) could open with its
        // content at contentStart: the depth limit, and a count that fits the bytes left.
        private void CheckContainer(bool isMap, int contentStart)
        {
            if (_depth + 1 > _maxDepth)
            {
                throw Error(CborError.NestingTooDeep);
            }

            if (_ai != CborMajorType.AdditionalIndefinite)
            {
                // Every item takes at least one byte, so a count larger than that cannot fit.
                ulong fits = (ulong)(_end - contentStart);
                if (isMap)
                {
                    fits >>= 1;
                }

                if (_arg > fits)
                {
                    throw Error(CborError.Truncated);
                }
            }
        }

        // Opens the container whose head was just read (_ai, _arg). Returns its count, or -1.
        private int PushContainer(bool isMap)
        {
            CheckContainer(isMap, _pos);
            int d = _depth + 1;
            int count;
            if (_ai == CborMajorType.AdditionalIndefinite)
            {
                count = -1;
                _remaining[d] = -1;
                _count[d] = 0;
            }
            else
            {
                count = (int)_arg;
                _remaining[d] = isMap ? count << 1 : count;
            }

            _isMap[d] = isMap;
            _depth = d;
            return count;
        }

        // Accounts for one item of the innermost container before it is read.
        private void BeginItem()
        {
            int d = _depth;
            if (d == 0)
            {
                return;
            }

            int left = _remaining[d];
            if (left > 0)
            {
                _remaining[d] = left - 1;
                return;
            }

            if (left == 0 || (_pos < _end && _data[_pos] == CborMajorType.Break))
            {
                throw Error(CborError.EndOfContainer);
            }

            _count[d]++;
        }

        private bool AtContainerEnd()
        {
            int d = _depth;
            if (d == 0)
            {
                return false;
            }

            int left = _remaining[d];
            if (left >= 0)
            {
                return left == 0;
            }

            return _pos < _end && _data[_pos] == CborMajorType.Break;
        }

        private void ReadHead()
        {
            _pos = DecodeHead(_pos);
        }

        // Decodes the head at p into _major, _ai and _arg; returns the offset after the head.
        private int DecodeHead(int p)
        {
            int end = _end;
            if (p >= end)
            {
                throw Error(CborError.Truncated);
            }

            byte[] data = _data;
            int initial = data[p++];
            int ai = initial & 0x1F;
            ulong arg;
            if (ai < CborMajorType.AdditionalOneByte)
            {
                arg = (ulong)ai;
            }
            else if (ai == CborMajorType.AdditionalOneByte)
            {
                if (end - p < 1)
                {
                    throw Error(CborError.Truncated);
                }

                arg = data[p];
                p += 1;
            }
            else if (ai == CborMajorType.AdditionalTwoBytes)
            {
                if (end - p < 2)
                {
                    throw Error(CborError.Truncated);
                }

                arg = (ulong)((data[p] << 8) | data[p + 1]);
                p += 2;
            }
            else if (ai == CborMajorType.AdditionalFourBytes)
            {
                if (end - p < 4)
                {
                    throw Error(CborError.Truncated);
                }

                arg = ((uint)data[p] << 24) | ((uint)data[p + 1] << 16) | ((uint)data[p + 2] << 8) | data[p + 3];
                p += 4;
            }
            else if (ai == CborMajorType.AdditionalEightBytes)
            {
                if (end - p < 8)
                {
                    throw Error(CborError.Truncated);
                }

                uint high = ((uint)data[p] << 24) | ((uint)data[p + 1] << 16) | ((uint)data[p + 2] << 8) | data[p + 3];
                uint low = ((uint)data[p + 4] << 24) | ((uint)data[p + 5] << 16) | ((uint)data[p + 6] << 8) | data[p + 7];
                arg = ((ulong)high << 32) | low;
                p += 8;
            }
            else if (ai == CborMajorType.AdditionalIndefinite)
            {
                arg = 0;
            }
            else
            {
                throw Error(CborError.ReservedAdditionalInfo);
            }

            _major = initial >> 5;
            _ai = ai;
            _arg = arg;
            return p;
        }

        private CborException Error(int code)
        {
            return new CborException(code, _pos);
        }
    }
}
