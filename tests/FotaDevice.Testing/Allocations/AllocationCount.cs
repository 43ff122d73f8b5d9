namespace FotaDevice.Testing.Allocations;

/// <summary>
/// Bytes the calling thread allocates, for tests that bound them. .NET's per-thread count
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) is exact between collections, but a collection
/// that runs meanwhile (another test's allocations start one, more often on a loaded machine) moves it
/// by up to a few KB. So an action that saw a collection is measured again, up to
/// <see cref="Attempts"/> times; the count of the first undisturbed run is returned.
/// </summary>
public static class AllocationCount
{
    /// <summary>Runs of the action at most.</summary>
    public const int Attempts = 8;

    /// <summary>
    /// The bytes <paramref name="action"/> allocates on this thread. It may run more than once: use it for
    /// actions whose repetition allocates what the first run does (a refused request, a hash, a verify).
    /// </summary>
    public static long Of(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        long allocated = 0;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var collections = GC.CollectionCount(0);
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                return allocated;
            }
        }

        return allocated; // every run saw a collection: the last count, as it is
    }
}
