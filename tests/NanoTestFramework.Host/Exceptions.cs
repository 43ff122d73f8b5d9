using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by <see cref="Assert.SkipTest"/>: the test did not run to its end.</summary>
    public class SkipTestException : Exception
    {
        /// <summary>Creates the exception with the reason for skipping.</summary>
        public SkipTestException(string? message = null, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}

namespace TestFrameworkShared
{
    /// <summary>Thrown when an assertion does not hold: the test failed.</summary>
    public class AssertFailedException : Exception
    {
        /// <summary>Creates the exception with what failed and a cause.</summary>
        public AssertFailedException(string msg, Exception ex)
            : base(msg, ex)
        {
        }

        /// <summary>Creates the exception with what failed.</summary>
        public AssertFailedException(string msg)
            : base(msg)
        {
        }

        /// <summary>Creates the exception without a message.</summary>
        public AssertFailedException()
        {
        }
    }
}
