using System;

namespace FotaDevice.Update.State
{
    /// <summary>The boot state could not be stored.</summary>
    public class BootStateException : Exception
    {
        /// <summary>Creates the exception with a message saying what failed.</summary>
        public BootStateException(string message)
            : base(message)
        {
        }
    }
}
