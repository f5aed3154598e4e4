using KstatOtel.Diagnostics;
using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Thread detail: each thread of a member read through its own kept-open files, summed by thread name.</summary>
internal sealed partial class ProcessTracker
{
    private const ProcessFiles ThreadFiles = ProcessFiles.Stat | ProcessFiles.Status | ProcessFiles.Io | ProcessFiles.Wchan;

    private const int ThreadDescriptors = 4;

    private UsageCounters discarded;

    private void RefreshThreads(ProcessEntry entry, GroupState group, long refresh)
    {
        if (entry.Threads is null)
        {
            if (!TryReserveDescriptors(1))
            {
                return;
            }

            if (ProcfsDirectory.TryOpen(ProcfsPaths.ForProcess(root, entry.Pid, "task"), out var tasks, taskListing) != ProcfsReadStatus.Ok)
            {
                keptDescriptors--;
                return;
            }

            entry.Threads = new ThreadSet(tasks!) { KeptDescriptors = 1 };
        }

        var set = entry.Threads;
        if (set.Tasks.TryListNumericEntries(tids) != ProcfsReadStatus.Ok)
        {
            return;
        }

        foreach (var tid in tids)
        {
            if (!set.Threads.TryGetValue(tid, out var thread))
            {
                if (!TryReserveDescriptors(ThreadDescriptors))
                {
                    continue;
                }

                if (ProcessReader.TryOpenThread(root, entry.Pid, tid, ThreadFiles, out var reader, readBuffer) != ProcfsReadStatus.Ok)
                {
                    keptDescriptors -= ThreadDescriptors;
                    continue;
                }

                thread = new ThreadEntry(tid, reader!) { FromZero = UsageFields.All };
                set.Threads.Add(tid, thread);
                set.KeptDescriptors += ThreadDescriptors;
            }

            if (!RefreshThread(thread, group, refresh))
            {
                set.Threads.Remove(tid);
                thread.Reader.Dispose();
                set.KeptDescriptors -= ThreadDescriptors;
                keptDescriptors -= ThreadDescriptors;
            }
        }

        foreach (var (tid, thread) in set.Threads)
        {
            if (thread.SeenRefresh != refresh)
            {
                set.Threads.Remove(tid);
                thread.Reader.Dispose();
                set.KeptDescriptors -= ThreadDescriptors;
                keptDescriptors -= ThreadDescriptors;
            }
        }
    }

    /// <summary>Reads one thread and adds its increase to its name's counters; false when it ended.</summary>
    private bool RefreshThread(ThreadEntry thread, GroupState group, long refresh)
    {
        ProcessSample sample;
        try
        {
            if (thread.Reader.TryRead(out sample) != ProcfsReadStatus.Ok)
            {
                return false;
            }
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            thread.SeenRefresh = refresh;
            return true;
        }

        if (thread.SeenRefresh == 0)
        {
            // First read: a thread started after tracking did counts from zero, an older one from now on.
            thread.StartTicks = sample.Stat.StartTime;
            thread.FromZero = refresh > 1 && sample.Stat.StartTime > TrackingStartTicks ? UsageFields.All : UsageFields.None;
        }
        else if (sample.Stat.StartTime != thread.StartTicks)
        {
            return false;
        }

        thread.SeenRefresh = refresh;
        if (thread.Name is null || !thread.Comm.Equals(sample.Stat.Comm))
        {
            thread.Comm = sample.Stat.Comm;
            thread.Name = group.GetThreadName(thread.Comm);
            if (thread.Name is null && !threadCapReported)
            {
                threadCapReported = true;
                KstatOtelEventSource.Log.ThreadNamesLimitReached(group.Name, GroupState.MaxThreadNames);
            }
        }

        var observed = Observe(sample, useStatusSwitches: true);
        if (thread.Name is { } name)
        {
            UsageCounters.Accumulate(ref thread.Last, observed, ref name.Totals, thread.FromZero);
        }
        else
        {
            UsageCounters.Accumulate(ref thread.Last, observed, ref discarded, thread.FromZero);
        }

        thread.FromZero = UsageFields.None;
        if (sample.Stat.State is (byte)'S' or (byte)'D')
        {
            try
            {
                if (thread.Reader.TryReadWchan(out var symbol) == ProcfsReadStatus.Ok && !symbol.IsEmpty)
                {
                    group.CountWaitChannel(symbol);
                }
            }
            catch (MalformedInputException)
            {
                // A wait channel that is not a symbol name: not counted.
            }
        }

        return true;
    }
}
