namespace KstatOtel.Procfs;

/// <summary>The per-process (or per-thread) procfs files a <see cref="ProcessReader"/> keeps open and reads.</summary>
[Flags]
internal enum ProcessFiles
{
    None = 0,

    /// <summary>stat: state, parent, faults, CPU times, threads, start time, memory. Always read.</summary>
    Stat = 1 << 0,

    /// <summary>status: names, ids, memory breakdown, context switches.</summary>
    Status = 1 << 1,

    /// <summary>io: I/O counters (needs ptrace-read access to the process).</summary>
    Io = 1 << 2,

    /// <summary>statm: memory sizes in pages.</summary>
    Statm = 1 << 3,

    /// <summary>smaps_rollup: PSS and swap PSS. Slow for large processes (it walks every mapping): opt-in only.</summary>
    SmapsRollup = 1 << 4,

    /// <summary>The open descriptor count, from /proc/[pid]/fd.</summary>
    FileDescriptors = 1 << 5,

    /// <summary>wchan: the kernel function a sleeping task waits in (threads detail).</summary>
    Wchan = 1 << 6,

    /// <summary>What the own-process instrumentation reads on every refresh.</summary>
    Default = Stat | Status | Io | FileDescriptors,
}
