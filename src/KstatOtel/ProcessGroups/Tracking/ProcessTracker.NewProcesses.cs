using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Sorting the processes seen for the first time into groups.</summary>
internal sealed partial class ProcessTracker
{
    /// <summary>
    /// Reads the stat of every pid not known yet and admits them oldest first, so that a parent is sorted before its
    /// children (for <see cref="TrackerSettings.TrackChildren"/>). Returns how many new processes were found alive.
    /// </summary>
    private int AdmitUnknown(bool first, long refresh)
    {
        candidates.Clear();
        foreach (var (pid, inode) in unknown)
        {
            var status = ProcfsFile.TryOpen(ProcfsPaths.ForProcess(root, pid, "stat"), out var file, 512);
            if (status == ProcfsReadStatus.Gone)
            {
                continue;
            }

            if (status == ProcfsReadStatus.Denied)
            {
                Remember(pid, inode, EntryKind.Denied, first, refresh, ReportedProblems.Denied, null);
                continue;
            }

            ProcStat stat;
            try
            {
                status = file!.TryRead(out var content);
                if (status != ProcfsReadStatus.Ok)
                {
                    file.Dispose();
                    if (status == ProcfsReadStatus.Denied)
                    {
                        Remember(pid, inode, EntryKind.Denied, first, refresh, ReportedProblems.Denied, null);
                    }

                    continue;
                }

                stat = ProcStatParser.Parse(content);
            }
            catch (Exception e) when (e is MalformedInputException or IOException)
            {
                file!.Dispose();
                Remember(pid, inode, EntryKind.Failed, first, refresh, ReportedProblems.Failed, e);
                continue;
            }

            candidates.Add(new Candidate { Pid = pid, Inode = inode, Stat = stat, File = file });
        }

        if (first && TrackingStartTicks == 0)
        {
            foreach (var candidate in candidates)
            {
                TrackingStartTicks = Math.Max(TrackingStartTicks, candidate.Stat.StartTime);
            }
        }

        candidates.Sort(static (a, b) => a.Stat.StartTime != b.Stat.StartTime ? a.Stat.StartTime.CompareTo(b.Stat.StartTime) : a.Pid.CompareTo(b.Pid));
        foreach (var candidate in candidates)
        {
            Admit(candidate, first, refresh);
        }

        var admitted = candidates.Count;
        candidates.Clear();
        return admitted;
    }

    /// <summary>Keeps a pid that will not be read (refused, unparseable) so that it is counted and tried only once.</summary>
    private void Remember(int pid, ulong inode, EntryKind kind, bool first, long refresh, ReportedProblems problem, Exception? exception)
    {
        // Its start is unknown: one listed after the first refresh started after tracking did.
        var entry = new ProcessEntry { Pid = pid, Inode = inode, Kind = kind, SeenRefresh = refresh, StartedAfterTracking = !first };
        live[pid] = entry;
        Report(entry, problem, exception);
    }

    private void Admit(in Candidate candidate, bool first, long refresh)
    {
        var stat = candidate.Stat;
        var entry = new ProcessEntry
        {
            Pid = candidate.Pid,
            Inode = candidate.Inode,
            StartTicks = stat.StartTime,
            Comm = stat.Comm,
            Ppid = stat.Ppid,
            SeenRefresh = refresh,
            Kind = EntryKind.Ignored,
        };
        if (settings.BootTimeSeconds is { } boot)
        {
            entry.StartSeconds = boot + ((double)stat.StartTime / settings.ClockTicksPerSecond);
        }

        live[candidate.Pid] = entry;
        var startedSinceTracking = !first && stat.StartTime > TrackingStartTicks;
        entry.StartedAfterTracking = startedSinceTracking;

        if (tombstones.TryGetValue(candidate.Pid, out var tombstone) && tombstone.FinalApplied && SameStart(tombstone, entry))
        {
            // Its exit record was accounted already (it is a zombie now): it rejoins with its final totals.
            candidate.File.Dispose();
            tombstones.Remove(candidate.Pid);
            entry.Last = tombstone.Last;
            entry.FinalApplied = true;
            entry.ExitCounted = tombstone.ExitCounted;
            var group = tombstone.Group is { } buried ? Groups.GetOrCreate(buried.Name, refresh) : null;
            if (group is not null)
            {
                Enroll(entry, group, refresh);
                if (!RefreshMember(entry, refresh))
                {
                    End(entry, refresh);
                }
            }

            return;
        }

        var selected = Select(candidate.Pid, stat.Comm, null, stat.Ppid, refresh, out var gone);
        if (gone || selected is null)
        {
            if (!gone && startedSinceTracking && TryReserveDescriptors(1))
            {
                // Young and not taken: re-read a few times, in case it is a fork about to exec a tracked program.
                entry.RecheckStat = candidate.File;
                entry.RecheckLeft = RecheckRefreshes;
                entry.KeptDescriptors = 1;
            }
            else
            {
                candidate.File.Dispose();
            }

            return;
        }

        candidate.File.Dispose();
        entry.FromZero = startedSinceTracking ? UsageFields.All : UsageFields.None;
        Enroll(entry, selected, refresh);
        if (!RefreshMember(entry, refresh))
        {
            End(entry, refresh);
        }
    }

    /// <summary>
    /// The group that takes a process: the first definition that matches, else (with children tracking) its nearest
    /// tracked ancestor's group; null when none (or when the group would exceed the cap). Reads the command line and
    /// the user only when a definition needs them. <paramref name="gone"/> is set when the process ended meanwhile.
    /// </summary>
    private GroupState? Select(int pid, in TaskComm comm, uint? uid, int ppid, long refresh, out bool gone)
    {
        gone = false;
        facts.Reset(pid, comm);
        if (selector.NeedsCommandLine)
        {
            var status = ProcfsFile.TryReadOnce(ProcfsPaths.ForProcess(root, pid, "cmdline"), out var cmdline);
            if (status == ProcfsReadStatus.Gone)
            {
                gone = true;
                return null;
            }

            if (status == ProcfsReadStatus.Ok)
            {
                facts.SetCommandLine(cmdline);
            }
        }

        if (selector.NeedsUser)
        {
            facts.Uid = uid ?? ReadUid(pid);
        }

        var name = selector.Select(facts, users);
        if (name is not null)
        {
            return Groups.GetOrCreate(name, refresh);
        }

        return settings.TrackChildren ? AncestorGroup(ppid) : null;
    }

    private uint? ReadUid(int pid)
    {
        try
        {
            return ProcfsFile.TryReadOnce(ProcfsPaths.ForProcess(root, pid, "status"), out var content) == ProcfsReadStatus.Ok
                ? ProcStatusParser.Parse(content).Uid?.Real
                : null;
        }
        catch (MalformedInputException)
        {
            return null;
        }
    }

    /// <summary>Makes a process a member of <paramref name="group"/> and opens its files (kept open while the budget allows).</summary>
    private void Enroll(ProcessEntry entry, GroupState group, long refresh)
    {
        if (entry.RecheckStat is not null)
        {
            keptDescriptors -= entry.KeptDescriptors;
            entry.KeptDescriptors = 0;
            entry.RecheckStat.Dispose();
            entry.RecheckStat = null;
        }

        entry.Kind = EntryKind.Tracked;
        entry.Group = group;
        entry.LimitsCountdown = 0;
        group.Members++;
        group.LastActiveRefresh = refresh;
        if (!TryReserveDescriptors(memberDescriptors))
        {
            return;
        }

        if (ProcessReader.TryOpen(root, entry.Pid, memberFiles, out var reader, readBuffer) == ProcfsReadStatus.Ok)
        {
            entry.Reader = reader;
            entry.KeptDescriptors = memberDescriptors;
        }
        else
        {
            keptDescriptors -= memberDescriptors;
        }
    }

    /// <summary>True when two entries of one pid describe the same process, as far as their start times tell.</summary>
    private bool SameStart(ProcessEntry known, ProcessEntry seen)
    {
        if (known.StartTicks != 0 && seen.StartTicks != 0)
        {
            return known.StartTicks == seen.StartTicks;
        }

        // A process known from its exit record only: whole seconds, so the comm must agree too (pids are reused fast).
        return known.Comm.Equals(seen.Comm)
            && (double.IsNaN(known.StartSeconds) || double.IsNaN(seen.StartSeconds)
                || StartsMatch(known.StartSeconds, seen.StartSeconds, sameComm: true));
    }
}
