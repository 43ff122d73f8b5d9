using FotaDevice.Platform;

namespace FotaDevice.OnDevice.Runner;

/// <summary>
/// The heap of the footprint tests on .NET: the bytes this thread allocated, counted down, so that
/// "free before − free after" is what a step allocated, garbage included (an upper bound of what it
/// keeps, and repeatable, where .NET's heap totals move with the JIT's own work). The device reads
/// its real heap instead.
/// </summary>
internal sealed class ThreadAllocations : IHeap
{
    public long FreeBytes => -GC.GetAllocatedBytesForCurrentThread();
}
