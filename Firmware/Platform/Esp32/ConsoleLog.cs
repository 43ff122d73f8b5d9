using System;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>
    /// The device's log on the serial/debug output. Console.WriteLine, not Debug.WriteLine, which is
    /// compiled out of Release builds.
    /// </summary>
    public sealed class ConsoleLog : ILog
    {
        /// <inheritdoc/>
        public void Info(string message)
        {
            Console.WriteLine("[fota] " + message);
        }

        /// <inheritdoc/>
        public void Warn(string message)
        {
            Console.WriteLine("[fota] ! " + message);
        }
    }
}
