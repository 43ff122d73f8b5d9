using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Text a test writes to the run's output.</summary>
    public static class OutputHelper
    {
        /// <summary>Writes text without ending the line.</summary>
        public static void Write(string message) => Console.Write(message);

        /// <summary>Writes a line.</summary>
        public static void WriteLine(string message) => Console.WriteLine(message);
    }
}
