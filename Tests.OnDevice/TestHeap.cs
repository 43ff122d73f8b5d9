using FotaDevice.Platform;

namespace FotaDevice.OnDevice
{
    /// <summary>
    /// The heap the footprint tests measure. On nanoFramework the runtime's own (a collection, then the
    /// free bytes); on .NET the test runner installs one that counts what the test's thread allocates.
    /// </summary>
    public static class TestHeap
    {
#if NANOFRAMEWORK_1_0
        /// <summary>The heap the tests read.</summary>
        public static IHeap Current = new FotaDevice.Platform.Esp32.NativeHeap();
#else
        /// <summary>The heap the tests read (installed by the runner on .NET).</summary>
        public static IHeap Current;
#endif
    }
}
