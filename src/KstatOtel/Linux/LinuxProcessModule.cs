using KstatOtel.Diagnostics;
using KstatOtel.Interop;
using KstatOtel.Modules;
using KstatOtel.Procfs;
using KstatOtel.Taskstats;

namespace KstatOtel.Linux;

/// <summary>
/// The own process on Linux. With taskstats (a thread-group query, needing CAP_NET_ADMIN): CPU times and delay
/// accounting, summed over every thread including exited ones. From procfs, through files kept open and re-read with
/// pread: what a thread-group query leaves empty (memory, faults, I/O, threads, descriptors, start time), and without
/// taskstats the CPU times too. Context switches from getrusage(RUSAGE_SELF) on both routes (exited threads included on
/// every kernel). A refresh reads procfs first and writes nothing unless it answered; a failed taskstats query then
/// leaves only the values that come from it (CPU times, delays) at their last good state, and fails the refresh.
/// </summary>
internal sealed partial class LinuxProcessModule : KstatModule<LinuxProcessPart>
{
    public const string ModuleName = "linux-process";

    private static readonly long TicksPerClockTick = TimeSpan.TicksPerSecond / ProcfsSystem.ClockTicksPerSecond;

    private readonly KstatMetricFamilies _families;
    private readonly ProcessReader _reader;
    private readonly TaskstatsClient? _taskstats;
    private readonly ThreadDelayMaximum? _delayMaximum;
    private readonly bool _allDelaysFilled;

    // The families, as plain flags: Enum.HasFlag boxes in code the JIT has not optimized yet.
    private readonly bool _cpuOn;
    private readonly bool _memory;
    private readonly bool _paging;
    private readonly bool _resources;
    private readonly bool _contextSwitches;
    private readonly bool _delays;
    private readonly long _pageSize = ProcfsSystem.PageSize;
    private CpuTimeSplit _cpu;
    private bool _ioDeniedReported;

    private LinuxProcessModule(KstatMetricFamilies families, ProcessReader reader, TaskstatsClient? taskstats, ThreadDelayMaximum? delayMaximum, bool allDelaysFilled)
    {
        _families = families;
        _reader = reader;
        _taskstats = taskstats;
        _delayMaximum = delayMaximum;
        _allDelaysFilled = allDelaysFilled;
        _cpuOn = (families & KstatMetricFamilies.ProcessCpu) != 0;
        _memory = (families & KstatMetricFamilies.ProcessMemory) != 0;
        _paging = (families & KstatMetricFamilies.ProcessPaging) != 0;
        _resources = (families & KstatMetricFamilies.ProcessResources) != 0;
        _contextSwitches = (families & KstatMetricFamilies.ProcessContextSwitches) != 0;
        _delays = (families & KstatMetricFamilies.ProcessDelays) != 0;
    }

    public override string Name => ModuleName;

    /// <summary>True when the module queries taskstats; false when procfs (and getrusage) alone serve it.</summary>
    public bool UsesTaskstats => _taskstats is not null;

    /// <summary>
    /// Opens the procfs files of the own process under <paramref name="options"/>' procfs root. Takes ownership of
    /// <paramref name="taskstats"/> (null for procfs alone). Returns null, with an event saying why, when even
    /// /proc/[pid]/stat cannot be opened.
    /// </summary>
    public static LinuxProcessModule? TryCreate(KstatInstrumentationOptions options, TaskstatsClient? taskstats)
    {
        var families = options.Metrics;
        var files = ProcessFiles.Stat;
        if (families.HasFlag(KstatMetricFamilies.ProcessDisk))
        {
            files |= ProcessFiles.Io;
        }

        if (families.HasFlag(KstatMetricFamilies.ProcessResources))
        {
            files |= ProcessFiles.FileDescriptors;
        }

        if (families.HasFlag(KstatMetricFamilies.ProcessMemory) && options.IncludeProportionalSetSize)
        {
            files |= ProcessFiles.SmapsRollup;
        }

        var pid = Environment.ProcessId;
        ProcfsReadStatus status;
        ProcessReader? reader;
        try
        {
            status = ProcessReader.TryOpen(options.ProcfsRoot, pid, files, out reader);
        }
        catch (IOException e)
        {
            // The open-file limit reached (EMFILE), procfs not mounted where the root says: the message says how to fix it.
            taskstats?.Dispose();
            KstatOtelEventSource.Log.MetricUnavailable("process.*", $"the own process's procfs files could not be opened: {e.Message}");
            return null;
        }

        if (status != ProcfsReadStatus.Ok)
        {
            taskstats?.Dispose();
            KstatOtelEventSource.Log.MetricUnavailable(
                "process.*",
                $"{ProcfsPaths.ForProcess(options.ProcfsRoot, pid, "stat")} could not be opened ({status}). Fix: mount procfs at {options.ProcfsRoot}, or set KstatInstrumentationOptions.ProcfsRoot to where it is mounted.");
            return null;
        }

        ThreadDelayMaximum? maximum = null;
        var allDelaysFilled = true;
        if (taskstats is not null && families.HasFlag(KstatMetricFamilies.ProcessDelays))
        {
            var state = TaskstatsClient.GetDelayAccountingState();
            allDelaysFilled = state != DelayAccountingState.Disabled;
            if (!allDelaysFilled)
            {
                KstatOtelEventSource.Log.DelayAccountingOff(DelayAccountingFix);
            }

            if (families.HasFlag(KstatMetricFamilies.ProcessDelayMaximum))
            {
                try
                {
                    maximum = ThreadDelayMaximum.TryOpen(options.ProcfsRoot, pid);
                    if (maximum is null)
                    {
                        KstatOtelEventSource.Log.MetricUnavailable("kstatotel.process.delay.max", $"{ProcfsPaths.ForProcess(options.ProcfsRoot, pid, "task")} could not be opened to list the threads.");
                    }
                }
                catch (IOException e)
                {
                    // The message names the errno and its fix (EMFILE: the open-file limit).
                    KstatOtelEventSource.Log.MetricUnavailable("kstatotel.process.delay.max", $"the threads could not be listed: {e.Message}");
                }
            }
        }

        ReportUnavailable(reader!, families);
        return new LinuxProcessModule(families, reader!, taskstats, maximum, allDelaysFilled);
    }

    /// <summary>How to switch delay accounting on, for the events.</summary>
    public const string DelayAccountingFix =
        "run 'sysctl -w kernel.task_delayacct=1' as root (needs CAP_SYS_ADMIN; persist it in /etc/sysctl.d/) or boot with the 'delayacct' kernel parameter. " +
        "Tasks started afterwards get complete data: restart this process after switching it on.";

    protected override void Refresh(LinuxProcessPart part)
    {
        // Read every source before writing anything: a procfs failure leaves the part as the last good refresh wrote it.
        var status = _reader.TryRead(out var sample);
        if (status != ProcfsReadStatus.Ok)
        {
            throw new IOException($"Reading {_reader.Directory}/stat failed: {status}.");
        }

        var stats = default(TaskStats);
        Exception? taskstatsFailure = null;
        long voluntary = 0, involuntary = 0;
        if (_taskstats is not null)
        {
            // A failed query leaves the CPU times and delays at their last values, but the procfs values stay fresh.
            try
            {
                if (_taskstats.TrySelf(out stats))
                {
                    _delayMaximum?.Sweep(_taskstats, stats);
                }
                else
                {
                    taskstatsFailure = new IOException("The taskstats thread-group query of this process answered ESRCH.");
                }
            }
            catch (Exception e) when (e is TaskstatsException or TaskstatsProtocolException)
            {
                taskstatsFailure = e;
            }
        }

        // getrusage on both routes: the thread-group query counts the switches of live threads only on kernels before the
        // thread-group accumulation of exited threads (6.12 and older), which would make the counter drop at each thread exit.
        if (_contextSwitches && !Libc.TryGetSelfContextSwitches(out voluntary, out involuntary, out var errno))
        {
            throw new IOException($"getrusage(RUSAGE_SELF) failed: {Errno.Describe(errno)}.");
        }

        var bootSeconds = Libc.BootTimeSeconds();

        if (taskstatsFailure is null)
        {
            WriteCpu(part, in sample, in stats);
            if (_taskstats is not null)
            {
                WriteDelays(part, in stats);
            }
        }

        WriteProcfs(part, in sample, bootSeconds);
        part.HasContextSwitches = _contextSwitches;
        part.VoluntarySwitches = voluntary;
        part.InvoluntarySwitches = involuntary;

        if (!_ioDeniedReported && (sample.Denied & ProcessFiles.Io) != 0)
        {
            _ioDeniedReported = true;
            KstatOtelEventSource.Log.MetricUnavailable("process.disk.io", $"{_reader.Directory}/io refused reading (EACCES): the process is not dumpable (for example after a setuid or a capability change). Fix: prctl(PR_SET_DUMPABLE, 1).");
        }

        if (taskstatsFailure is not null)
        {
            // Counted and reported as a failed refresh: the CPU times and delays published are the last good ones.
            throw new IOException($"The taskstats query failed; the procfs values were refreshed, the CPU times and delays keep their last values. {taskstatsFailure.Message}", taskstatsFailure);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _taskstats?.Dispose();
            _delayMaximum?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void ReportUnavailable(ProcessReader reader, KstatMetricFamilies families)
    {
        var missing = reader.DeniedAtOpen | reader.UnavailableAtOpen;
        if ((missing & ProcessFiles.Io) != 0 && families.HasFlag(KstatMetricFamilies.ProcessDisk))
        {
            KstatOtelEventSource.Log.MetricUnavailable("process.disk.io", $"{reader.Directory}/io could not be opened ({((reader.DeniedAtOpen & ProcessFiles.Io) != 0 ? "EACCES" : "missing: a kernel without CONFIG_TASK_IO_ACCOUNTING")}).");
        }

        if ((missing & ProcessFiles.FileDescriptors) != 0 && families.HasFlag(KstatMetricFamilies.ProcessResources))
        {
            KstatOtelEventSource.Log.MetricUnavailable("process.unix.file_descriptor.count", $"{reader.Directory}/fd could not be opened.");
        }

        if ((missing & ProcessFiles.SmapsRollup) != 0)
        {
            KstatOtelEventSource.Log.MetricUnavailable("kstatotel.process.memory.pss", $"{reader.Directory}/smaps_rollup could not be opened (Linux 4.14 and later have it).");
        }
    }

    private static long Saturate(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private void WriteCpu(LinuxProcessPart part, in ProcessSample sample, in TaskStats stats)
    {
        if (!_cpuOn)
        {
            return;
        }

        long user, system;
        if (_taskstats is not null)
        {
            if (!TrySplitThreadGroupCpu(in stats, sample.Stat.UTime, sample.Stat.STime, out user, out system))
            {
                part.HasCpu = false;
                return;
            }
        }
        else
        {
            user = Saturate(sample.Stat.UTime) * TicksPerClockTick;
            system = Saturate(sample.Stat.STime) * TicksPerClockTick;
        }

        _cpu.Update(user, system, out user, out system);
        part.HasCpu = true;
        part.UserSeconds = (double)user / TimeSpan.TicksPerSecond;
        part.SystemSeconds = (double)system / TimeSpan.TicksPerSecond;
    }

    private void WriteProcfs(LinuxProcessPart part, in ProcessSample sample, double bootSeconds)
    {
        ref readonly var stat = ref sample.Stat;
        part.HasMemory = _memory;
        part.ResidentBytes = Math.Max(stat.Rss, 0) * _pageSize;
        part.VirtualBytes = Saturate(stat.VSize);
        part.ProportionalBytes = (sample.Read & ProcessFiles.SmapsRollup) != 0 && sample.SmapsRollup.PssBytes is { } pss ? Saturate(pss) : null;

        part.HasFaults = _paging;
        part.MinorFaults = Saturate(stat.MinFlt);
        part.MajorFaults = Saturate(stat.MajFlt);

        part.HasDiskIo = (sample.Read & ProcessFiles.Io) != 0 && sample.Io.ReadBytes is not null && sample.Io.WriteBytes is not null;
        part.DiskReadBytes = Saturate(sample.Io.ReadBytes ?? 0);
        part.DiskWriteBytes = Saturate(sample.Io.WriteBytes ?? 0);

        var resources = _resources;
        part.HasThreads = resources;
        part.Threads = stat.NumThreads;
        part.FileDescriptors = resources && (sample.Read & ProcessFiles.FileDescriptors) != 0 ? sample.OpenFileDescriptors : null;
        part.UptimeSeconds = resources && !double.IsNaN(bootSeconds)
            ? Math.Max(0, bootSeconds - ((double)stat.StartTime / ProcfsSystem.ClockTicksPerSecond))
            : null;
    }

    /// <summary>
    /// User and system time (in TimeSpan ticks) of a thread-group query: the exact runtime (cpu_run_virtual_total, which
    /// includes exited threads on every kernel) split in the proportion of the tick samples, as /proc/[pid]/stat does;
    /// the tick samples (ac_utime/ac_stime) alone fall far short of the runtime on a busy VM. Kernels before the
    /// thread-group accumulation (6.12 and older) leave both samples at 0 in the query's reply: the runtime is then split
    /// in the proportion of /proc/[pid]/stat's user and system clock ticks (<paramref name="statUser"/>,
    /// <paramref name="statSystem"/>), which cover the whole thread group.
    /// </summary>
    internal static bool TrySplitThreadGroupCpu(in TaskStats stats, ulong statUser, ulong statSystem, out long user, out long system)
    {
        if (stats.UserCpuTime == TimeSpan.Zero && stats.SystemCpuTime == TimeSpan.Zero
            && stats.CpuRunVirtualTotal is { } runtime && runtime > TimeSpan.Zero)
        {
            var sampled = (UInt128)statUser + statSystem;
            system = sampled == 0 ? 0 : (long)((UInt128)(ulong)runtime.Ticks * statSystem / sampled);
            user = runtime.Ticks - system;
            return true;
        }

        if (stats.UserCpuTimeAdjusted is not { } adjustedUser || stats.SystemCpuTimeAdjusted is not { } adjustedSystem)
        {
            user = system = 0;
            return false;
        }

        user = adjustedUser.Ticks;
        system = adjustedSystem.Ticks;
        return true;
    }

    private void WriteDelays(LinuxProcessPart part, in TaskStats stats)
    {
        if (!_delays)
        {
            return;
        }

        var delays = part.Delays;
        for (var i = 0; i < delays.Length; i++)
        {
            ref var value = ref delays[i];
            var kind = DelayKinds.All[i];
            if (stats.GetDelay(kind) is not { } delay)
            {
                // The kernel's struct version predates this kind.
                value = default;
                continue;
            }

            // Kinds other than CPU stay 0 while kernel.task_delayacct is 0: publish them only when the kernel fills them.
            value.Published |= kind == TaskDelayKind.Cpu || _allDelaysFilled || delay.Count > 0;
            value.Count = Saturate(delay.Count);
            value.TotalSeconds = delay.TotalNanoseconds / 1e9;
            value.HasMax = _delayMaximum is not null && _delayMaximum.IsKnown(kind);
            value.MaxSeconds = value.HasMax ? _delayMaximum!.MaxNanoseconds(kind) / 1e9 : 0;
        }
    }
}
