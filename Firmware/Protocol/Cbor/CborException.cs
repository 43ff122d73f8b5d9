using System;

namespace FotaDevice.Protocol.Cbor
{
    /// <summary>
    /// The one error idiom of <see cref="CborReader"/> and <see cref="CborWriter"/>: malformed or
    /// unexpected input, and a full output buffer, throw this with a <see cref="CborError"/> code.
    /// </summary>
    /// <remarks>
    /// Errors are exceptional on the device (a well-behaved client never causes one), so the
    /// common path carries no result codes. After a reader throws, its position is unspecified:
    /// call <see cref="CborReader.Reset(byte[], int, int)"/> before reusing it. A writer that throws
    /// has written nothing of the failing item.
    /// </remarks>
    public class CborException : Exception
    {
        private readonly int _code;
        private readonly int _position;

        /// <summary>Creates the exception for a code and the buffer offset where it was found.</summary>
        /// <param name="code">A <see cref="CborError"/> code.</param>
        /// <param name="position">Offset into the reader's or writer's buffer.</param>
        public CborException(int code, int position)
            : base(CborError.Describe(code))
        {
            _code = code;
            _position = position;
        }

        /// <summary>The <see cref="CborError"/> code.</summary>
        public int Code
        {
            get { return _code; }
        }

        /// <summary>Offset into the buffer (not relative to the range) where the error was found.</summary>
        public int Position
        {
            get { return _position; }
        }
    }
}
