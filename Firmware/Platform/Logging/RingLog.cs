namespace FotaDevice.Platform.Logging
{
    /// <summary>
    /// The device's log kept in RAM: the last lines, in a fixed ring allocated once, passed on to
    /// another log (the serial console) as well. On an ESP32 the console reaches only an attached
    /// debugger, so this ring is how an owner in the field sees "press the button" or why an image
    /// was refused: the update service serves it over SMP and <c>fota log</c> prints it.
    /// </summary>
    /// <remarks>
    /// Memory is bounded: <see cref="Capacity"/> lines of at most <see cref="MaxLineLength"/>
    /// characters (longer ones are cut and end in "…"). Each line is numbered from 1 since start, so a
    /// reader can ask for what it has not seen yet and tell when lines were overwritten.
    /// </remarks>
    public sealed class RingLog : ILog
    {
        /// <summary>The longest line kept; longer ones are cut.</summary>
        public const int MaxLineLength = 160;

        private readonly object _sync = new object();
        private readonly string[] _lines;
        private readonly ILog _next;
        private readonly int _maxCharacters;
        private int _count;
        private int _characters;
        private long _written;

        /// <summary>Keeps the last <paramref name="capacity"/> lines and passes every line on to <paramref name="next"/> (may be null).</summary>
        public RingLog(int capacity, ILog next)
            : this(capacity, int.MaxValue, next)
        {
        }

        /// <summary>
        /// As the other constructor, and the lines held never add up to more than
        /// <paramref name="maxCharacters"/> characters (the oldest go first): the RAM the log takes is
        /// bounded by that whatever the lines' length, not only by their number.
        /// </summary>
        public RingLog(int capacity, int maxCharacters, ILog next)
        {
            _lines = new string[capacity > 0 ? capacity : 1];
            _maxCharacters = maxCharacters > MaxLineLength + 2 ? maxCharacters : MaxLineLength + 2;
            _next = next;
        }

        /// <summary>How many lines the ring holds at most.</summary>
        public int Capacity
        {
            get { return _lines.Length; }
        }

        /// <summary>The number of the newest line (0 before the first).</summary>
        public long LastLineNumber
        {
            get
            {
                lock (_sync)
                {
                    return _written;
                }
            }
        }

        /// <inheritdoc/>
        public void Info(string message)
        {
            Add("I ", message);
            if (_next != null)
            {
                _next.Info(message);
            }
        }

        /// <inheritdoc/>
        public void Warn(string message)
        {
            Add("W ", message);
            if (_next != null)
            {
                _next.Warn(message);
            }
        }

        /// <summary>
        /// Copies into <paramref name="into"/> the lines numbered after <paramref name="after"/> that the
        /// ring still holds, oldest first, at most <c>into.Length</c>; returns how many. The first copied
        /// line is number <paramref name="firstNumber"/> (greater than after + 1 when lines were lost).
        /// </summary>
        public int Read(long after, string[] into, out long firstNumber)
        {
            lock (_sync)
            {
                long oldest = _written - _count + 1;
                long first = after + 1 > oldest ? after + 1 : oldest;
                firstNumber = first;
                int n = 0;
                for (long number = first; number <= _written && n < into.Length; number++)
                {
                    into[n++] = _lines[(int)((number - 1) % _lines.Length)];
                }

                return n;
            }
        }

        private void Add(string level, string message)
        {
            string line = message == null ? level : message.Length > MaxLineLength ? level + message.Substring(0, MaxLineLength - 1) + "\u2026" : level + message;
            lock (_sync)
            {
                if (_count == _lines.Length)
                {
                    DropOldest();
                }

                while (_count > 0 && _characters + line.Length > _maxCharacters)
                {
                    DropOldest();
                }

                _lines[(int)(_written % _lines.Length)] = line;
                _written++;
                _count++;
                _characters += line.Length;
            }
        }

        private void DropOldest()
        {
            int oldest = (int)((_written - _count) % _lines.Length);
            _characters -= _lines[oldest].Length;
            _lines[oldest] = null;
            _count--;
        }
    }
}
