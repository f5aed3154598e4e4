using KstatOtel.ProcessGroups.Exits;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Accounting the exit records: final top-ups of members, and processes seen only at their end.</summary>
internal sealed partial class ProcessTracker
{
    /// <summary>The most processes whose ended threads are remembered while waiting for their last thread's record.</summary>
    private const int MaxPendingThreadGroups = 4096;

    private readonly Dictionary<int, PendingThreads> pendingThreads = [];

    /// <summary>
    /// Accounts the exit records received since the previous refresh. Those of the first refresh predate tracking and
    /// are dropped: counters start at zero when tracking starts.
    /// </summary>
    private void DrainExitRecords(bool first, long refresh)
    {
        if (settings.ExitRecords is not { } queue)
        {
            return;
        }

        var records = queue.Drain();
        if (first)
        {
            return;
        }

        foreach (ref readonly var record in records)
        {
            Account(record, refresh);
        }
    }

    private void Account(in ExitRecord record, long refresh)
    {
        if (!record.IsProcessEnd)
        {
            // A thread of a process that goes on. Its faults and I/O are in the process's procfs totals if the
            // process is known; otherwise they are kept for the process's own end (thread-group records lack them).
            if (!live.ContainsKey(record.Tgid))
            {
                AddPendingThread(record, refresh);
            }

            return;
        }

        var entry = FindByExit(record);
        if (entry is not null)
        {
            pendingThreads.Remove(record.Tgid);
            if (entry.Kind == EntryKind.Tracked && entry.Group is { } group && !entry.FinalApplied)
            {
                // A member's final figures: add what it used since its last read, not the whole again.
                var final = record.Usage;
                if (record.HadThreads && (settings.Queries is null || entry.NoTaskstats))
                {
                    // Its switches were read from status (main thread only): the whole process's cannot top them up.
                    final.Known &= ~UsageFields.ContextSwitches;
                }

                UsageCounters.TopUp(ref entry.Last, final, ref group.Totals);
                entry.FinalApplied = true;
                group.LastActiveRefresh = refresh;
            }

            return;
        }

        // Never seen by a refresh: it started and ended in between. Counted in full, in the group its comm picks.
        var usage = record.Usage;
        if (record.HadThreads)
        {
            var threads = record.ThreadUsage;
            if (pendingThreads.Remove(record.Tgid, out var pending))
            {
                threads.Add(pending.Usage);
            }

            usage.MinorFaults = threads.MinorFaults;
            usage.MajorFaults = threads.MajorFaults;
            usage.ReadBytes = threads.ReadBytes;
            usage.WriteBytes = threads.WriteBytes;
            usage.Known |= threads.Known & (UsageFields.Faults | UsageFields.Io);
        }

        facts.Reset(record.Tgid, record.Comm);
        facts.Uid = record.Uid;
        var name = selector.SelectWithoutCommandLine(facts, users);
        var target = name is not null ? Groups.GetOrCreate(name, refresh) : settings.TrackChildren ? AncestorGroup(record.Ppid) : null;
        if (target is null)
        {
            return;
        }

        var tombstone = new ProcessEntry
        {
            Pid = record.Tgid,
            Comm = record.Comm,
            Ppid = record.Ppid,
            Kind = EntryKind.Tracked,
            Group = target,
            FinalApplied = true,
            ExitCounted = true,
            StartSeconds = record.StartSeconds > 0 ? record.StartSeconds : double.NaN,
        };
        UsageCounters.Accumulate(ref tombstone.Last, usage, ref target.Totals, UsageFields.All);
        target.Exits++;
        target.LastActiveRefresh = refresh;
        UnseenExits++;
        Bury(tombstone, refresh);
    }

    /// <summary>The entry (live or a tombstone) of the process the record is about, or null when it was never seen.</summary>
    private ProcessEntry? FindByExit(in ExitRecord record)
    {
        if (live.TryGetValue(record.Tgid, out var entry) && SameProcess(entry, record))
        {
            return entry;
        }

        return tombstones.TryGetValue(record.Tgid, out entry) && SameProcess(entry, record) ? entry : null;
    }

    private static bool SameProcess(ProcessEntry entry, in ExitRecord record) =>
        record.StartSeconds == 0 || double.IsNaN(entry.StartSeconds)
        || Math.Abs(entry.StartSeconds - record.StartSeconds) <= StartToleranceSeconds;

    private void AddPendingThread(in ExitRecord record, long refresh)
    {
        ref var pending = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(pendingThreads, record.Tgid);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref pending))
        {
            if (pendingThreads.Count >= MaxPendingThreadGroups)
            {
                return;
            }

            pendingThreads.Add(record.Tgid, default);
            pending = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(pendingThreads, record.Tgid);
        }

        var faultsAndIo = record.ThreadUsage;
        faultsAndIo.Known &= UsageFields.Faults | UsageFields.Io;
        pending.Usage.Add(faultsAndIo);
        pending.Refresh = refresh;
    }

    private void PurgePendingThreads(long refresh)
    {
        if (pendingThreads.Count == 0)
        {
            return;
        }

        foreach (var (tgid, pending) in pendingThreads)
        {
            if (pending.Refresh <= refresh - TombstoneRefreshes)
            {
                pendingThreads.Remove(tgid);
            }
        }
    }

    /// <summary>The faults and I/O of the ended threads of a process not seen yet.</summary>
    private struct PendingThreads
    {
        public UsageCounters Usage;
        public long Refresh;
    }
}
