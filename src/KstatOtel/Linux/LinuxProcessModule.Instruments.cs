using KstatOtel.Instruments;

namespace KstatOtel.Linux;

/// <summary>The instruments of the own process on Linux (semantic conventions 1.39.0 where they exist).</summary>
internal sealed partial class LinuxProcessModule
{
    private static readonly KeyValuePair<string, object?>[] UserTags = [new("cpu.mode", "user")];
    private static readonly KeyValuePair<string, object?>[] SystemTags = [new("cpu.mode", "system")];
    private static readonly KeyValuePair<string, object?>[] ReadTags = [new("disk.io.direction", "read")];
    private static readonly KeyValuePair<string, object?>[] WriteTags = [new("disk.io.direction", "write")];
    private static readonly KeyValuePair<string, object?>[] VoluntaryTags = [new("process.context_switch.type", "voluntary")];
    private static readonly KeyValuePair<string, object?>[] InvoluntaryTags = [new("process.context_switch.type", "involuntary")];
    private static readonly KeyValuePair<string, object?>[] MajorTags = [new("system.paging.fault.type", "major")];
    private static readonly KeyValuePair<string, object?>[] MinorTags = [new("system.paging.fault.type", "minor")];

    protected override void CreateInstruments(PartInstruments<LinuxProcessPart> instruments)
    {
        if (_families.HasFlag(KstatMetricFamilies.ProcessCpu))
        {
            instruments.Counter<double>(
                "process.cpu.time",
                "s",
                UsesTaskstats
                    ? "Total CPU seconds of the process by mode (taskstats thread-group query: the runtime split like /proc/[pid]/stat, kept monotonic)."
                    : "Total CPU seconds of the process by mode (/proc/[pid]/stat utime and stime).",
                static (part, batch) =>
                {
                    if (part.HasCpu)
                    {
                        batch.Add(part.UserSeconds, UserTags);
                        batch.Add(part.SystemSeconds, SystemTags);
                    }
                });
        }

        if (_families.HasFlag(KstatMetricFamilies.ProcessMemory))
        {
            instruments.UpDownCounter<long>(
                "process.memory.usage",
                "By",
                "The amount of physical memory in use: the resident set size (/proc/[pid]/stat rss times the page size).",
                static (part, batch) =>
                {
                    if (part.HasMemory)
                    {
                        batch.Add(part.ResidentBytes);
                    }
                });
            instruments.UpDownCounter<long>(
                "process.memory.virtual",
                "By",
                "The amount of committed virtual memory: the size of the address space (/proc/[pid]/stat vsize).",
                static (part, batch) =>
                {
                    if (part.HasMemory)
                    {
                        batch.Add(part.VirtualBytes);
                    }
                });
            if (_reader.Requested.HasFlag(Procfs.ProcessFiles.SmapsRollup))
            {
                instruments.UpDownCounter<long>(
                    "kstatotel.process.memory.pss",
                    "By",
                    "Proportional set size: resident memory with each shared page divided among the processes mapping it (/proc/[pid]/smaps_rollup Pss).",
                    static (part, batch) =>
                    {
                        if (part.ProportionalBytes is { } pss)
                        {
                            batch.Add(pss);
                        }
                    });
            }
        }

        if (_families.HasFlag(KstatMetricFamilies.ProcessDisk))
        {
            instruments.Counter<long>(
                "process.disk.io",
                "By",
                "Disk bytes transferred: bytes the process caused to be read from and written to storage (/proc/[pid]/io read_bytes, write_bytes).",
                static (part, batch) =>
                {
                    if (part.HasDiskIo)
                    {
                        batch.Add(part.DiskReadBytes, ReadTags);
                        batch.Add(part.DiskWriteBytes, WriteTags);
                    }
                });
        }

        if (_families.HasFlag(KstatMetricFamilies.ProcessContextSwitches))
        {
            instruments.Counter<long>(
                "process.context_switches",
                "{context_switch}",
                "Context switches of every thread of the process, exited ones included (getrusage RUSAGE_SELF ru_nvcsw, ru_nivcsw).",
                static (part, batch) =>
                {
                    if (part.HasContextSwitches)
                    {
                        batch.Add(part.VoluntarySwitches, VoluntaryTags);
                        batch.Add(part.InvoluntarySwitches, InvoluntaryTags);
                    }
                });
        }

        if (_families.HasFlag(KstatMetricFamilies.ProcessPaging))
        {
            instruments.Counter<long>(
                "process.paging.faults",
                "{fault}",
                "Page faults of the process by type (/proc/[pid]/stat minflt, majflt).",
                static (part, batch) =>
                {
                    if (part.HasFaults)
                    {
                        batch.Add(part.MajorFaults, MajorTags);
                        batch.Add(part.MinorFaults, MinorTags);
                    }
                });
        }

        if (_families.HasFlag(KstatMetricFamilies.ProcessResources))
        {
            instruments.UpDownCounter<long>(
                "process.thread.count",
                "{thread}",
                "Process threads count (/proc/[pid]/stat num_threads).",
                static (part, batch) =>
                {
                    if (part.HasThreads)
                    {
                        batch.Add(part.Threads);
                    }
                });
            instruments.UpDownCounter<long>(
                "process.unix.file_descriptor.count",
                "{file_descriptor}",
                "Number of unix file descriptors in use by the process (the size of /proc/[pid]/fd), the instrumentation's own included.",
                static (part, batch) =>
                {
                    if (part.FileDescriptors is { } count)
                    {
                        batch.Add(count);
                    }
                });
            instruments.Gauge<double>(
                "process.uptime",
                "s",
                "The time the process has been running (CLOCK_BOOTTIME minus the start time in /proc/[pid]/stat), as of the last refresh.",
                static (part, batch) =>
                {
                    if (part.UptimeSeconds is { } uptime)
                    {
                        batch.Add(uptime);
                    }
                });
        }

        if (UsesTaskstats && _families.HasFlag(KstatMetricFamilies.ProcessDelays))
        {
            CreateDelayInstruments(instruments);
        }
    }

    private void CreateDelayInstruments(PartInstruments<LinuxProcessPart> instruments)
    {
        instruments.Counter<double>(
            "kstatotel.process.delay.time",
            "s",
            "Time the process's threads spent waiting, by kind of delay (taskstats delay accounting *_delay_total, exited threads included).",
            static (part, batch) =>
            {
                var delays = part.Delays;
                for (var i = 0; i < delays.Length; i++)
                {
                    if (delays[i].Published)
                    {
                        batch.Add(delays[i].TotalSeconds, DelayKinds.Tags[i]);
                    }
                }
            });
        instruments.Counter<long>(
            "kstatotel.process.delay.count",
            "{delay}",
            "Delays counted, by kind (taskstats delay accounting *_count, exited threads included).",
            static (part, batch) =>
            {
                var delays = part.Delays;
                for (var i = 0; i < delays.Length; i++)
                {
                    if (delays[i].Published)
                    {
                        batch.Add(delays[i].Count, DelayKinds.Tags[i]);
                    }
                }
            });

        if (_delayMaximum is not null)
        {
            instruments.Gauge<double>(
                "kstatotel.process.delay.max",
                "s",
                "The longest single delay of each kind seen in any thread of the process since the instrumentation started (taskstats *_delay_max of every thread, struct version 16 and later).",
                static (part, batch) =>
                {
                    var delays = part.Delays;
                    for (var i = 0; i < delays.Length; i++)
                    {
                        if (delays[i].Published && delays[i].HasMax)
                        {
                            batch.Add(delays[i].MaxSeconds, DelayKinds.Tags[i]);
                        }
                    }
                });
        }
    }
}
