using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Snapshots;

namespace KstatOtel.ProcessGroups.Publishing;

/// <summary>One group's published values: cumulative counters, ended members, and the current gauges.</summary>
internal struct GroupValues
{
    public UsageCounters Totals;
    public long Exits;
    public GroupGauges Gauges;

    /// <summary>Live members at the refresh.</summary>
    public int Members;
}

/// <summary>
/// The process groups' part of a snapshot: one entry per group (series identity and values), the per-thread-name
/// counters and wait-channel counts of thread detail, and the collection health. The arrays are reused from refresh
/// to refresh and only grow, so that a steady number of groups copies without allocating.
/// </summary>
internal sealed class ProcessGroupsPart : SnapshotPart<ProcessGroupsPart>
{
    public GroupSeries[] Series = [];
    public GroupValues[] Values = [];
    public int GroupCount;

    public ThreadSeries[] ThreadSeries = [];
    public UsageCounters[] ThreadTotals = [];
    public int ThreadCount;

    public WaitChannelSeries[] WaitSeries = [];
    public int[] WaitCounts = [];
    public int WaitCount;

    public long ReadFailures;
    public long PartialReads;
    public long DeniedReads;
    public long Refused;
    public long UnseenExits;

    /// <summary>Exit records no group could be told for, when exit records are used; null otherwise.</summary>
    public long? UnattributedExits;

    /// <summary>Exit records lost, when the exit listener runs; null otherwise.</summary>
    public long? LostExitRecords;

    /// <summary>Tasks no refresh saw, when the exit listener does not run; null otherwise.</summary>
    public long? UnobservedTasks;

    /// <summary>The delay kinds the kernel fills (bit per kind).</summary>
    public int FilledDelayKinds;

    /// <summary>Fills the part from the tracker's state after a refresh.</summary>
    public void Fill(ProcessTracker tracker, long? lostExitRecords)
    {
        var groups = tracker.Groups.Groups;
        GroupCount = groups.Count;
        Grow(ref Series, GroupCount);
        Grow(ref Values, GroupCount);
        var threads = 0;
        var waits = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            Series[i] = group.Series;
            Values[i] = new GroupValues { Totals = group.Totals, Exits = group.Exits, Gauges = group.Gauges, Members = group.Members };
            threads += group.ThreadNames.Count;
            waits += group.WaitChannels.Count;
        }

        Grow(ref ThreadSeries, threads);
        Grow(ref ThreadTotals, threads);
        Grow(ref WaitSeries, waits);
        Grow(ref WaitCounts, waits);
        ThreadCount = 0;
        WaitCount = 0;
        foreach (var group in groups)
        {
            foreach (var thread in group.ThreadNames)
            {
                ThreadSeries[ThreadCount] = thread.Series;
                ThreadTotals[ThreadCount++] = thread.Totals;
            }

            foreach (var wait in group.WaitChannels)
            {
                WaitSeries[WaitCount] = wait.Series;
                WaitCounts[WaitCount++] = wait.Count;
            }
        }

        ClearTail(Series, GroupCount);
        ClearTail(ThreadSeries, ThreadCount);
        ClearTail(WaitSeries, WaitCount);
        ReadFailures = tracker.ReadFailures;
        PartialReads = tracker.PartialReads;
        DeniedReads = tracker.DeniedReads;
        Refused = tracker.Groups.Refused;
        UnseenExits = tracker.UnseenExits;
        UnattributedExits = tracker.UnattributedExits;
        LostExitRecords = lostExitRecords;
        UnobservedTasks = tracker.UnobservedTasks;
        FilledDelayKinds = tracker.FilledDelayKinds;
    }

    protected override void CopyValuesFrom(ProcessGroupsPart source)
    {
        GroupCount = Copy(source.Series, ref Series, source.GroupCount);
        Copy(source.Values, ref Values, source.GroupCount);
        ThreadCount = Copy(source.ThreadSeries, ref ThreadSeries, source.ThreadCount);
        Copy(source.ThreadTotals, ref ThreadTotals, source.ThreadCount);
        WaitCount = Copy(source.WaitSeries, ref WaitSeries, source.WaitCount);
        Copy(source.WaitCounts, ref WaitCounts, source.WaitCount);
        ClearTail(Series, GroupCount);
        ClearTail(ThreadSeries, ThreadCount);
        ClearTail(WaitSeries, WaitCount);
        ReadFailures = source.ReadFailures;
        PartialReads = source.PartialReads;
        DeniedReads = source.DeniedReads;
        Refused = source.Refused;
        UnseenExits = source.UnseenExits;
        UnattributedExits = source.UnattributedExits;
        LostExitRecords = source.LostExitRecords;
        UnobservedTasks = source.UnobservedTasks;
        FilledDelayKinds = source.FilledDelayKinds;
    }

    /// <summary>Drops references past the used part, so that forgotten groups can be collected.</summary>
    private static void ClearTail<T>(T[] array, int used)
        where T : class
    {
        if (used < array.Length && array[used] is not null)
        {
            Array.Clear(array, used, array.Length - used);
        }
    }

    private static int Copy<T>(T[] source, ref T[] target, int count)
    {
        Grow(ref target, count);
        Array.Copy(source, target, count);
        return count;
    }

    /// <summary>Makes <paramref name="array"/> hold at least <paramref name="count"/> items (allocates only to grow).</summary>
    private static void Grow<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            Array.Resize(ref array, Math.Max(count, Math.Max(8, array.Length * 2)));
        }
    }
}
