using KstatOtel.Instruments;
using KstatOtel.ProcessGroups.Tracking;

namespace KstatOtel.ProcessGroups.Publishing;

/// <summary>The process-group instruments: their names, and the callbacks that read them from the snapshot part.</summary>
internal static class ProcessGroupInstruments
{
    public const string Prefix = "kstatotel.process_group.";
    public const string CpuTime = Prefix + "cpu.time";
    public const string DiskIo = Prefix + "disk.io";
    public const string PagingFaults = Prefix + "paging.faults";
    public const string ContextSwitches = Prefix + "context_switches";
    public const string DelayTime = Prefix + "delay.time";
    public const string DelayCount = Prefix + "delay.count";
    public const string Exits = Prefix + "exits";
    public const string ProcessCount = Prefix + "process.count";
    public const string ThreadCount = Prefix + "thread.count";
    public const string MemoryUsage = Prefix + "memory.usage";
    public const string MemoryVirtual = Prefix + "memory.virtual";
    public const string MemorySwap = Prefix + "memory.swap";
    public const string MemoryProportional = Prefix + "memory.proportional";
    public const string FileDescriptorCount = Prefix + "unix.file_descriptor.count";
    public const string FileDescriptorUtilization = Prefix + "unix.file_descriptor.utilization";
    public const string OldestStartTime = Prefix + "oldest_start_time";
    public const string ThreadCpuTime = Prefix + "thread.cpu.time";
    public const string ThreadDiskIo = Prefix + "thread.disk.io";
    public const string ThreadPagingFaults = Prefix + "thread.paging.faults";
    public const string ThreadContextSwitches = Prefix + "thread.context_switches";
    public const string ThreadWaitChannel = Prefix + "thread.wait_channel";
    public const string ReadErrors = Prefix + "read_errors";
    public const string Refused = Prefix + "refused";
    public const string UnseenExits = Prefix + "unseen_exits";
    public const string UnattributedExits = Prefix + "unattributed_exits";
    public const string LostExitRecords = Prefix + "exit_records.lost";
    public const string UnobservedTasks = Prefix + "unobserved_tasks";

    private const double NanosecondsPerSecond = 1e9;

    private static readonly KeyValuePair<string, object?>[] Failed = [new(Attributes.ErrorType, "failed")];
    private static readonly KeyValuePair<string, object?>[] Partial = [new(Attributes.ErrorType, "partial")];
    private static readonly KeyValuePair<string, object?>[] Denied = [new(Attributes.ErrorType, "permission_denied")];

    public static void Create(PartInstruments<ProcessGroupsPart> instruments, bool threads, bool proportional)
    {
        CreateCounters(instruments);
        CreateGauges(instruments, proportional);
        if (threads)
        {
            CreateThreadInstruments(instruments);
        }

        CreateHealth(instruments);
    }

    private static void CreateCounters(PartInstruments<ProcessGroupsPart> instruments)
    {
        instruments.Counter<double>(CpuTime, "s", "CPU time used by the group's processes since tracking started, by mode; ended processes keep what they used.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var totals = ref part.Values[i].Totals;
                if ((totals.Known & UsageFields.Cpu) != 0)
                {
                    batch.Add(totals.UserNs / NanosecondsPerSecond, part.Series[i].CpuUser);
                    batch.Add(totals.SystemNs / NanosecondsPerSecond, part.Series[i].CpuSystem);
                }
            }
        });

        instruments.Counter<long>(DiskIo, "By", "Bytes the group's processes read from and wrote to storage since tracking started.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var totals = ref part.Values[i].Totals;
                if ((totals.Known & UsageFields.Io) != 0)
                {
                    batch.Add((long)totals.ReadBytes, part.Series[i].IoRead);
                    batch.Add((long)totals.WriteBytes, part.Series[i].IoWrite);
                }
            }
        });

        instruments.Counter<long>(PagingFaults, "{fault}", "Page faults of the group's processes since tracking started, by type.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var totals = ref part.Values[i].Totals;
                if ((totals.Known & UsageFields.Faults) != 0)
                {
                    batch.Add((long)totals.MinorFaults, part.Series[i].FaultsMinor);
                    batch.Add((long)totals.MajorFaults, part.Series[i].FaultsMajor);
                }
            }
        });

        instruments.Counter<long>(ContextSwitches, "{context_switch}", "Context switches of the group's processes since tracking started, by type (every thread with taskstats; the main thread only from procfs).", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var totals = ref part.Values[i].Totals;
                if ((totals.Known & UsageFields.ContextSwitches) != 0)
                {
                    batch.Add((long)totals.VoluntarySwitches, part.Series[i].SwitchesVoluntary);
                    batch.Add((long)totals.InvoluntarySwitches, part.Series[i].SwitchesInvoluntary);
                }
            }
        });

        instruments.Counter<double>(DelayTime, "s", "Time the group's processes spent waiting, by delay kind, since tracking started (taskstats delay accounting; kinds other than cpu need kernel.task_delayacct=1).", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var totals = ref part.Values[i].Totals;
                if ((totals.Known & UsageFields.Delays) != 0)
                {
                    for (var kind = 0; kind < DelayKinds.Count; kind++)
                    {
                        if ((part.FilledDelayKinds & (1 << kind)) != 0 && (totals.Known & UsageDelayFields.Of(kind)) != 0)
                        {
                            batch.Add(totals.DelayNs[kind] / NanosecondsPerSecond, part.Series[i].Delays[kind]);
                        }
                    }
                }
            }
        });

        instruments.Counter<long>(DelayCount, "{delay}", "Delays of the group's processes, by kind, since tracking started (taskstats delay accounting).", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var totals = ref part.Values[i].Totals;
                if ((totals.Known & UsageFields.Delays) != 0)
                {
                    for (var kind = 0; kind < DelayKinds.Count; kind++)
                    {
                        if ((part.FilledDelayKinds & (1 << kind)) != 0 && (totals.Known & UsageDelayFields.Of(kind)) != 0)
                        {
                            batch.Add((long)totals.DelayCounts[kind], part.Series[i].Delays[kind]);
                        }
                    }
                }
            }
        });

        instruments.Counter<long>(Exits, "{process}", "Processes of the group that ended since tracking started, including those seen only in their exit records.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                batch.Add(part.Values[i].Exits, part.Series[i].Plain);
            }
        });
    }

    private static void CreateGauges(PartInstruments<ProcessGroupsPart> instruments, bool proportional)
    {
        instruments.UpDownCounter<long>(ProcessCount, "{process}", "Processes in the group now, by run state.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var gauges = ref part.Values[i].Gauges;
                for (var state = 0; state < ProcessStates.Count; state++)
                {
                    batch.Add(gauges.States[state], part.Series[i].States[state]);
                }
            }
        });

        Sum(instruments, ThreadCount, "{thread}", "Threads of the group's processes now.", GaugeFields.Threads, static g => g.Threads);
        Sum(instruments, MemoryUsage, "By", "Resident memory of the group's processes now (VmRSS).", GaugeFields.Resident, static g => (long)g.ResidentBytes);
        Sum(instruments, MemoryVirtual, "By", "Virtual memory of the group's processes now (VmSize).", GaugeFields.Virtual, static g => (long)g.VirtualBytes);
        Sum(instruments, MemorySwap, "By", "Swapped-out memory of the group's processes now (VmSwap).", GaugeFields.Swap, static g => (long)g.SwapBytes);
        if (proportional)
        {
            Sum(instruments, MemoryProportional, "By", "Proportional set size of the group's processes now (Pss of smaps_rollup).", GaugeFields.Proportional, static g => (long)g.ProportionalBytes);
        }

        Sum(instruments, FileDescriptorCount, "{file_descriptor}", "Open file descriptors of the group's processes now.", GaugeFields.FileDescriptors, static g => g.FileDescriptors);

        instruments.Gauge<double>(FileDescriptorUtilization, "1", "The highest ratio of open descriptors to the soft descriptor limit among the group's processes.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var gauges = ref part.Values[i].Gauges;
                if ((gauges.Known & GaugeFields.FileDescriptorUtilization) != 0)
                {
                    batch.Add(gauges.WorstFileDescriptorUtilization, part.Series[i].Plain);
                }
            }
        });

        instruments.Gauge<double>(OldestStartTime, "s", "Start of the group's oldest process, in seconds since the Unix epoch.", static (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var gauges = ref part.Values[i].Gauges;
                if ((gauges.Known & GaugeFields.OldestStart) != 0)
                {
                    batch.Add(gauges.OldestStartSeconds, part.Series[i].Plain);
                }
            }
        });
    }

    /// <summary>
    /// A sum over the members: published when some member reported it, or as 0 when the group has no member (an empty
    /// group uses no memory); not published when members exist but none could report it.
    /// </summary>
    private static void Sum(PartInstruments<ProcessGroupsPart> instruments, string name, string unit, string description, GaugeFields field, Func<GroupGauges, long> value)
    {
        instruments.UpDownCounter<long>(name, unit, description, (part, batch) =>
        {
            for (var i = 0; i < part.GroupCount; i++)
            {
                ref readonly var values = ref part.Values[i];
                if ((values.Gauges.Known & field) != 0)
                {
                    batch.Add(value(values.Gauges), part.Series[i].Plain);
                }
                else if (values.Members == 0)
                {
                    batch.Add(0, part.Series[i].Plain);
                }
            }
        });
    }

    private static void CreateThreadInstruments(PartInstruments<ProcessGroupsPart> instruments)
    {
        instruments.Counter<double>(ThreadCpuTime, "s", "CPU time of the group's threads since tracking started, by thread name and mode.", static (part, batch) =>
        {
            for (var i = 0; i < part.ThreadCount; i++)
            {
                ref readonly var totals = ref part.ThreadTotals[i];
                if ((totals.Known & UsageFields.Cpu) != 0)
                {
                    batch.Add(totals.UserNs / NanosecondsPerSecond, part.ThreadSeries[i].CpuUser);
                    batch.Add(totals.SystemNs / NanosecondsPerSecond, part.ThreadSeries[i].CpuSystem);
                }
            }
        });

        instruments.Counter<long>(ThreadDiskIo, "By", "Bytes the group's threads read from and wrote to storage since tracking started, by thread name.", static (part, batch) =>
        {
            for (var i = 0; i < part.ThreadCount; i++)
            {
                ref readonly var totals = ref part.ThreadTotals[i];
                if ((totals.Known & UsageFields.Io) != 0)
                {
                    batch.Add((long)totals.ReadBytes, part.ThreadSeries[i].IoRead);
                    batch.Add((long)totals.WriteBytes, part.ThreadSeries[i].IoWrite);
                }
            }
        });

        instruments.Counter<long>(ThreadPagingFaults, "{fault}", "Page faults of the group's threads since tracking started, by thread name and type.", static (part, batch) =>
        {
            for (var i = 0; i < part.ThreadCount; i++)
            {
                ref readonly var totals = ref part.ThreadTotals[i];
                if ((totals.Known & UsageFields.Faults) != 0)
                {
                    batch.Add((long)totals.MinorFaults, part.ThreadSeries[i].FaultsMinor);
                    batch.Add((long)totals.MajorFaults, part.ThreadSeries[i].FaultsMajor);
                }
            }
        });

        instruments.Counter<long>(ThreadContextSwitches, "{context_switch}", "Context switches of the group's threads since tracking started, by thread name and type.", static (part, batch) =>
        {
            for (var i = 0; i < part.ThreadCount; i++)
            {
                ref readonly var totals = ref part.ThreadTotals[i];
                if ((totals.Known & UsageFields.ContextSwitches) != 0)
                {
                    batch.Add((long)totals.VoluntarySwitches, part.ThreadSeries[i].SwitchesVoluntary);
                    batch.Add((long)totals.InvoluntarySwitches, part.ThreadSeries[i].SwitchesInvoluntary);
                }
            }
        });

        instruments.UpDownCounter<long>(ThreadWaitChannel, "{thread}", "Threads of the group sleeping now, by the kernel function they wait in (wchan).", static (part, batch) =>
        {
            for (var i = 0; i < part.WaitCount; i++)
            {
                batch.Add(part.WaitCounts[i], part.WaitSeries[i].Tags);
            }
        });
    }

    private static void CreateHealth(PartInstruments<ProcessGroupsPart> instruments)
    {
        instruments.Counter<long>(ReadErrors, "{process}", "Processes whose reading failed (content that did not parse, an I/O error), was partial (files missing while the process lived), or was refused (another user's process, hidepid); each process counted once per kind. A process that ends mid-read is not an error.", static (part, batch) =>
        {
            batch.Add(part.ReadFailures, Failed);
            batch.Add(part.PartialReads, Partial);
            batch.Add(part.DeniedReads, Denied);
        });

        instruments.Counter<long>(Refused, "{process}", "Processes not tracked because their group would have exceeded ProcessGroups.MaxGroups.", static (part, batch) => batch.Add(part.Refused));

        instruments.Counter<long>(UnseenExits, "{process}", "Processes known only from their taskstats exit records and counted in their groups: they started and ended between two refreshes, or ended in a program a group takes after a refresh saw them in none.", static (part, batch) => batch.Add(part.UnseenExits));

        instruments.Counter<long>(UnattributedExits, "{process}", "Processes known only from their taskstats exit records and counted in no group, because a group that needs the command line comes first among those their command name matches; published while exit records are used.", static (part, batch) =>
        {
            if (part.UnattributedExits is { } unattributed)
            {
                batch.Add(unattributed);
            }
        });

        instruments.Counter<long>(LostExitRecords, "{record}", "Exit records lost (the kernel dropped them for a full socket buffer, by its drop count; or they came faster than refreshes took them); published while the exit listener runs.", static (part, batch) =>
        {
            if (part.LostExitRecords is { } lost)
            {
                batch.Add(lost);
            }
        });

        instruments.Counter<long>(UnobservedTasks, "{task}", "Without exit records: tasks created (processes or threads, /proc/stat processes) that no refresh saw as a new process; an upper bound of the short-lived processes whose use the groups miss.", static (part, batch) =>
        {
            if (part.UnobservedTasks is { } unobserved)
            {
                batch.Add(unobserved);
            }
        });
    }
}
