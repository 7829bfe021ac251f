using System.Runtime;

namespace AssumeRoleCli;

/// <summary>
/// The first 32 MB a process allocates are declared collection-free: a command in one account allocates about 10 MB in
/// all, and the runtime's first collection budget is a fraction of that, so short commands paid two or three
/// collections, each walking everything start-up made (~5 ms apiece, bench/). A command working in many accounts
/// allocates ~1 MB per account and ends the region before it starts them: kept, the region's 32 MB stayed resident as
/// garbage (launch-instance in 100 accounts peaked at 75 MiB; 39 MiB now, with the .csproj's 4 MB young budget, bench/).
/// </summary>
public static class CollectionFreeStart
{
    public const long Size = 32 * 1024 * 1024;

    /// <summary>At start-up, before anything else allocates much.</summary>
    public static void Begin()
    {
        try
        {
            _ = GC.TryStartNoGCRegion(Size);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The GC is configured smaller than that (a heap limit): it collects as usual.
        }
    }

    /// <summary>Collects as usual from now on; nothing when the region was never begun or is used up already.</summary>
    public static void End()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // Another thread's allocation used the region up (or ended it) since the check above: it is over either way.
        }

        // Ended, the region's memory stays committed and its budget stays the one before the next collection; one
        // collection that gives memory back to the system sets the usual ones (a few MB live then: milliseconds).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
