using KstatOtel.Procfs;
using KstatOtel.Taskstats;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Reading the members at each refresh.</summary>
internal sealed partial class ProcessTracker
{
    /// <summary>
    /// Reads a member and adds its increase to its group; false when the process ended (or its pid now names another
    /// process). A read that fails is counted and skipped; the member stays.
    /// </summary>
    private bool RefreshMember(ProcessEntry entry, long refresh)
    {
        ProcessSample sample;
        ProcfsReadStatus status;
        try
        {
            status = ReadMember(entry, out sample);
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            Report(entry, ReportedProblems.Failed, e);
            return true;
        }

        switch (status)
        {
            case ProcfsReadStatus.Gone:
                return false;
            case ProcfsReadStatus.Denied:
                Report(entry, ReportedProblems.Denied);
                return true;
        }

        if (sample.Stat.StartTime != entry.StartTicks)
        {
            // The pid names another process (a kept-open file would have said Gone; a fixture tree says it this way).
            return false;
        }

        ApplySample(entry, sample, refresh);
        return true;
    }

    /// <summary>Reads through the kept-open files, or through files opened for this read when over the descriptor budget.</summary>
    private ProcfsReadStatus ReadMember(ProcessEntry entry, out ProcessSample sample)
    {
        if (entry.Reader is { } reader)
        {
            return reader.TryRead(out sample);
        }

        sample = default;
        var status = ProcessReader.TryOpen(root, entry.Pid, memberFiles, out var transient, readBuffer);
        if (status != ProcfsReadStatus.Ok)
        {
            return status;
        }

        using (transient)
        {
            return transient!.TryRead(out sample);
        }
    }

    /// <summary>Accounts one successful read of a member: counters into its group, gauges, limits, threads.</summary>
    private void ApplySample(ProcessEntry entry, in ProcessSample sample, long refresh)
    {
        if (sample.Denied != ProcessFiles.None)
        {
            Report(entry, ReportedProblems.Denied);
        }

        if ((sample.Unavailable & ~ProcessFiles.SmapsRollup) != ProcessFiles.None && !sample.Stat.IsKernelThread && sample.Stat.State != (byte)'Z')
        {
            Report(entry, ReportedProblems.Partial);
        }

        if (!sample.Stat.Comm.Equals(entry.Comm) && !Rematch(entry, sample, refresh))
        {
            return;
        }

        var group = entry.Group!;
        var observed = Observe(sample, useStatusSwitches: settings.Queries is null || entry.NoTaskstats);
        if (settings.Queries is { } queries && !entry.NoTaskstats)
        {
            AddThreadGroupQuery(entry, queries, ref observed);
        }

        UsageCounters.Accumulate(ref entry.Last, observed, ref group.Totals, entry.FromZero);
        entry.FromZero = UsageFields.None;
        group.LastActiveRefresh = refresh;

        if (--entry.LimitsCountdown <= 0)
        {
            ReadLimits(entry);
        }

        entry.Gauges = Gauges(entry, sample);
        group.Gauges.Add(entry.Gauges);

        if (settings.IncludeThreads)
        {
            RefreshThreads(entry, group, refresh);
        }
    }

    /// <summary>The counters in a procfs sample of a whole process (or of one thread, for a thread reader).</summary>
    private UsageCounters Observe(in ProcessSample sample, bool useStatusSwitches)
    {
        var usage = default(UsageCounters);
        usage.UserNs = TicksToNanoseconds(sample.Stat.UTime, settings.ClockTicksPerSecond);
        usage.SystemNs = TicksToNanoseconds(sample.Stat.STime, settings.ClockTicksPerSecond);
        usage.MinorFaults = sample.Stat.MinFlt;
        usage.MajorFaults = sample.Stat.MajFlt;
        usage.Known = UsageFields.Cpu | UsageFields.Faults;
        if ((sample.Read & ProcessFiles.Io) != 0 && sample.Io.ReadBytes is { } read && sample.Io.WriteBytes is { } written)
        {
            usage.ReadBytes = read;
            usage.WriteBytes = written;
            usage.Known |= UsageFields.Io;
        }

        if (useStatusSwitches && sample.Status.VoluntaryContextSwitches is { } voluntary && sample.Status.NonvoluntaryContextSwitches is { } involuntary)
        {
            usage.VoluntarySwitches = voluntary;
            usage.InvoluntarySwitches = involuntary;
            usage.Known |= UsageFields.ContextSwitches;
        }

        return usage;
    }

    /// <summary>Adds the thread-group query's context switches and delays; a query the kernel refuses turns queries off for the process.</summary>
    private static void AddThreadGroupQuery(ProcessEntry entry, ThreadGroupQueries queries, ref UsageCounters observed)
    {
        try
        {
            if (queries.TryRead(entry.Pid, out var group))
            {
                observed.VoluntarySwitches = group.VoluntarySwitches;
                observed.InvoluntarySwitches = group.InvoluntarySwitches;
                observed.DelayCounts = group.DelayCounts;
                observed.DelayNs = group.DelayNs;
                observed.Known |= group.Known;
            }
        }
        catch (TaskstatsException)
        {
            entry.NoTaskstats = true;
        }
    }

    /// <summary>The gauges of one member from its sample.</summary>
    private static ProcessGauges Gauges(ProcessEntry entry, in ProcessSample sample)
    {
        var gauges = default(ProcessGauges);
        gauges.State = ProcessStates.FromLetter(sample.Stat.State);
        gauges.Threads = sample.Stat.NumThreads;
        gauges.Known = GaugeFields.Threads;
        if (sample.Status.VmRssBytes is { } rss)
        {
            gauges.ResidentBytes = rss;
            gauges.Known |= GaugeFields.Resident;
        }

        if (sample.Status.VmSizeBytes is { } size)
        {
            gauges.VirtualBytes = size;
            gauges.Known |= GaugeFields.Virtual;
        }

        if (sample.Status.VmSwapBytes is { } swap)
        {
            gauges.SwapBytes = swap;
            gauges.Known |= GaugeFields.Swap;
        }

        if (sample.SmapsRollup.PssBytes is { } pss)
        {
            gauges.ProportionalBytes = pss;
            gauges.Known |= GaugeFields.Proportional;
        }

        if (sample.OpenFileDescriptors is { } fds)
        {
            gauges.FileDescriptors = fds;
            gauges.Known |= GaugeFields.FileDescriptors;
            if (entry.FileLimit is { } limit && limit > 0)
            {
                gauges.FileDescriptorUtilization = (double)fds / limit;
                gauges.Known |= GaugeFields.FileDescriptorUtilization;
            }
        }

        if (!double.IsNaN(entry.StartSeconds))
        {
            gauges.StartSeconds = entry.StartSeconds;
            gauges.Known |= GaugeFields.OldestStart;
        }

        return gauges;
    }

    /// <summary>Reads the member's soft descriptor limit (/proc/PID/limits) into a reused buffer.</summary>
    private void ReadLimits(ProcessEntry entry)
    {
        entry.LimitsCountdown = LimitsInterval;
        entry.LimitsPath ??= ProcfsPaths.ForProcess(root, entry.Pid, "limits");
        try
        {
            if (ProcfsFile.TryReadOnceInto(entry.LimitsPath, limitsBuffer, out var length) == ProcfsReadStatus.Ok && length < limitsBuffer.Length)
            {
                var limits = ProcLimitsParser.Parse(limitsBuffer.AsSpan(0, length));
                entry.FileLimit = limits.OpenFiles?.Soft;
            }
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            Report(entry, ReportedProblems.Partial);
        }
    }

    /// <summary>
    /// The member's comm changed (it executed another program, or renamed itself): sorts it again. It moves to the
    /// group that takes it now, keeping its totals (only later increases go to the new group), or stops being tracked
    /// when none does. False when it is no longer tracked.
    /// </summary>
    private bool Rematch(ProcessEntry entry, in ProcessSample sample, long refresh)
    {
        var comm = sample.Stat.Comm;
        var group = Select(entry.Pid, comm, sample.Status.Uid?.Real, entry.Ppid, refresh, out var gone);
        entry.Comm = comm;
        if (gone)
        {
            return true; // Ended while being sorted again: keep it where it was; the next refresh ends it.
        }

        if (ReferenceEquals(group, entry.Group))
        {
            return true;
        }

        entry.Group!.Members--;
        entry.Group.LastActiveRefresh = refresh;
        if (group is null)
        {
            keptDescriptors -= entry.KeptDescriptors + (entry.Threads?.KeptDescriptors ?? 0);
            entry.KeptDescriptors = 0;
            entry.ReleaseFiles();
            entry.Kind = EntryKind.Ignored;
            entry.Group = null;
            return false;
        }

        group.Members++;
        entry.Group = group;
        return true;
    }

    /// <summary>
    /// A young process no group took: re-reads its stat and sorts it again when its comm changed (fork, then exec).
    /// One that a group takes now counts from zero (it started after tracking did: only those are re-read), and is
    /// read at once, so that what it used since its start is in its group before an exit record can top it up.
    /// False when it ended.
    /// </summary>
    private bool Recheck(ProcessEntry entry, long refresh)
    {
        ProcStat stat;
        try
        {
            if (entry.RecheckStat!.TryRead(out var content) != ProcfsReadStatus.Ok)
            {
                return false;
            }

            stat = ProcStatParser.Parse(content);
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            Report(entry, ReportedProblems.Failed, e);
            entry.RecheckStat!.Dispose();
            entry.RecheckStat = null;
            return true;
        }

        if (stat.StartTime != entry.StartTicks)
        {
            return false;
        }

        if (--entry.RecheckLeft <= 0)
        {
            keptDescriptors -= entry.KeptDescriptors;
            entry.KeptDescriptors = 0;
            entry.RecheckStat!.Dispose();
            entry.RecheckStat = null;
        }

        if (stat.Comm.Equals(entry.Comm))
        {
            return true;
        }

        entry.Comm = stat.Comm;
        var group = Select(entry.Pid, stat.Comm, null, stat.Ppid, refresh, out var gone);
        if (gone)
        {
            return false;
        }

        if (group is null)
        {
            return true;
        }

        entry.FromZero = entry.StartedAfterTracking ? UsageFields.All : UsageFields.None;
        Enroll(entry, group, refresh);
        return RefreshMember(entry, refresh);
    }
}
