namespace FotaDevice.Platform.Button
{
    /// <summary>
    /// Turns the raw edges of a push button into presses: the first falling edge after the button
    /// has been released for at least the debounce time is a press; the bounces of the same contact,
    /// and a button held down, are not. Portable: the GPIO adapter only feeds it edges and times.
    /// </summary>
    /// <remarks>
    /// Times are milliseconds since start (<see cref="IClock"/>). The very first edge after start is
    /// a press whatever the time (a device may be pressed right after power-on).
    /// </remarks>
    public sealed class PressDetector
    {
        private readonly int _debounceMilliseconds;
        private bool _seenEdge;
        private bool _down;
        private long _lastEdge;

        /// <summary>Creates a detector; edges closer than <paramref name="debounceMilliseconds"/> are one contact.</summary>
        public PressDetector(int debounceMilliseconds)
        {
            _debounceMilliseconds = debounceMilliseconds < 0 ? 0 : debounceMilliseconds;
        }

        /// <summary>
        /// The button went down (pressed) at <paramref name="now"/>. True when that is a new press,
        /// false for contact bounce or a button that is still held.
        /// </summary>
        public bool Down(long now)
        {
            bool bounce = _seenEdge && now - _lastEdge < _debounceMilliseconds;
            bool press = !bounce && !_down;
            _seenEdge = true;
            _lastEdge = now;
            _down = true;
            return press;
        }

        /// <summary>The button went up (released) at <paramref name="now"/>.</summary>
        public void Up(long now)
        {
            _seenEdge = true;
            _lastEdge = now;
            _down = false;
        }
    }
}
