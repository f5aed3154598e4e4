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
            // process is known; otherwise they are kept for the process's own end (thread-group records lack them,
            // and before Linux 6.18 they lack the CPU times too: the threads' records then add up to the process's).
            if (!live.ContainsKey(record.Tgid))
            {
                AddPendingThread(record, refresh);
            }

            return;
        }

        var entry = FindByExit(record);
        if (entry is not null && entry.Kind == EntryKind.Tracked)
        {
            pendingThreads.Remove(record.Tgid);
            if (entry.Group is { } group && !entry.FinalApplied)
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

        if (entry is not null && !EndsUnsorted(entry, record))
        {
            pendingThreads.Remove(record.Tgid);
            return;
        }

        // Never seen by a refresh (it started and ended in between), or seen in no group and ended as another program
        // (it exec'd since its last read) or unread (refused, unparseable): counted in the group its comm picks.
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
            if ((usage.Known & UsageFields.Cpu) == 0 && (threads.Known & UsageFields.Cpu) != 0)
            {
                // A thread-group record of a kernel before 6.18 (delays only): every thread's own record, the last
                // one's included, sums to the process's CPU time.
                usage.UserNs = threads.UserNs;
                usage.SystemNs = threads.SystemNs;
                usage.Known |= UsageFields.Cpu;
            }
        }

        if (entry is not null)
        {
            // Its record is accounted now, whether a group takes it or not: it is never sorted or counted again.
            entry.FinalApplied = true;
            if (entry.RecheckStat is not null)
            {
                keptDescriptors -= entry.KeptDescriptors;
                entry.KeptDescriptors = 0;
                entry.RecheckStat.Dispose();
                entry.RecheckStat = null;
            }
        }

        facts.Reset(record.Tgid, record.Comm);
        facts.Uid = record.Uid;
        var name = selector.SelectWithoutCommandLine(facts, users, out var undecidable);
        if (undecidable)
        {
            // A group that needs the command line comes first among those its comm matches: it may have taken it.
            UnattributedExits++;
            return;
        }

        var target = name is not null ? Groups.GetOrCreate(name, refresh) : settings.TrackChildren ? AncestorGroup(record.Ppid) : null;
        if (target is null)
        {
            return;
        }

        var tombstone = new ProcessEntry
        {
            Pid = record.Tgid,
            StartTicks = entry?.StartTicks ?? 0,
            Comm = record.Comm,
            Ppid = record.Ppid,
            Kind = EntryKind.Tracked,
            Group = target,
            FinalApplied = true,
            ExitCounted = true,
            StartSeconds = record.StartSeconds > 0 ? record.StartSeconds : double.NaN,
        };
        if (entry is not null && entry.Last.Known != UsageFields.None)
        {
            // It was a member before it exec'd into a program no group takes: its old group keeps what it had used by
            // then; only the rest goes to the new one.
            tombstone.Last = entry.Last;
            if (record.HadThreads && (settings.Queries is null || entry.NoTaskstats))
            {
                // Its switches were read from status (main thread only): the whole process's cannot top them up.
                usage.Known &= ~UsageFields.ContextSwitches;
            }

            UsageCounters.TopUp(ref tombstone.Last, usage, ref target.Totals);
        }
        else
        {
            UsageCounters.Accumulate(ref tombstone.Last, usage, ref target.Totals, UsageFields.All);
        }

        target.Exits++;
        target.LastActiveRefresh = refresh;
        UnseenExits++;
        Bury(tombstone, refresh);
    }

    /// <summary>
    /// True when the record of a process known in no group is to be sorted by its comm: it was unread (refused,
    /// unparseable), or it ended under another comm than it was last seen with (an exec since its last read). One whose
    /// comm did not change was sorted with its command line already; a record is accounted at most once; and one
    /// already running when tracking started is counted only from a baseline read by a refresh (a former member's).
    /// </summary>
    private static bool EndsUnsorted(ProcessEntry entry, in ExitRecord record) =>
        !entry.FinalApplied
        && (entry.StartedAfterTracking || entry.Last.Known != UsageFields.None)
        && (entry.Kind is EntryKind.Denied or EntryKind.Failed || !entry.Comm.Equals(record.Comm));

    /// <summary>The entry (live or a tombstone) of the process the record is about, or null when it was never seen.</summary>
    private ProcessEntry? FindByExit(in ExitRecord record)
    {
        if (live.TryGetValue(record.Tgid, out var entry) && SameProcess(entry, record))
        {
            return entry;
        }

        return tombstones.TryGetValue(record.Tgid, out entry) && SameProcess(entry, record) ? entry : null;
    }

    private bool SameProcess(ProcessEntry entry, in ExitRecord record) =>
        record.StartSeconds == 0 || double.IsNaN(entry.StartSeconds)
        || StartsMatch(record.StartSeconds, entry.StartSeconds, entry.Comm.Equals(record.Comm));

    /// <summary>
    /// True when a start from an exit record (whole seconds, monotonic clock) and one from procfs (boot-time clock) can be
    /// the same process's. The record's can only be later, by the time suspended during the process's life: beyond the
    /// 2 s of rounding, the window grows by the time suspended since boot, and only for the same command name.
    /// </summary>
    private bool StartsMatch(double recordStart, double procfsStart, bool sameComm)
    {
        var late = recordStart - procfsStart;
        return late >= -StartToleranceSeconds && (late <= StartToleranceSeconds || (sameComm && late <= startTolerance));
    }

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

        var threadUsage = record.ThreadUsage;
        threadUsage.Known &= UsageFields.Faults | UsageFields.Io | UsageFields.Cpu;
        pending.Usage.Add(threadUsage);
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

    /// <summary>The faults, I/O and CPU times of the ended threads of a process not seen yet.</summary>
    private struct PendingThreads
    {
        public UsageCounters Usage;
        public long Refresh;
    }
}
