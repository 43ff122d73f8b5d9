using FotaDevice.Binary;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>The nanoFramework heap: <c>GC.Run</c> collects and returns the free bytes.</summary>
    public sealed class NativeHeap : IHeap
    {
        /// <inheritdoc/>
        public long FreeBytes
        {
            get { return Signed.FromUInt64(nanoFramework.Runtime.Native.GC.Run(false)); }
        }
    }
}
