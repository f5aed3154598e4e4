namespace KstatOtel.Procfs;

/// <summary>
/// The fields of /proc/[pid]/stat (and /proc/[pid]/task/[tid]/stat) that the package uses, as the kernel reports
/// them (proc(5)). Times are in clock ticks (<see cref="ProcfsSystem.ClockTicksPerSecond"/>), <see cref="Rss"/> in
/// pages (<see cref="ProcfsSystem.PageSize"/>). Fields 1 to 24 are always present; the later ones are null when an
/// older kernel does not write them.
/// </summary>
internal struct ProcStat
{
    /// <summary>(1) The process or thread id.</summary>
    public int Pid;

    /// <summary>(2) The command name: the bytes between the first '(' and the last ')'.</summary>
    public TaskComm Comm;

    /// <summary>(3) One of R, S, D, Z, T, t, X, I, P (and older letters), as the ASCII byte.</summary>
    public byte State;

    /// <summary>(4) Parent process id.</summary>
    public int Ppid;

    /// <summary>(5) Process group id.</summary>
    public int Pgrp;

    /// <summary>(6) Session id.</summary>
    public int Session;

    /// <summary>(7) Controlling terminal (device number), 0 for none.</summary>
    public int TtyNr;

    /// <summary>(8) Foreground process group of the terminal, -1 for none.</summary>
    public int Tpgid;

    /// <summary>(9) Kernel flags (PF_*); PF_KTHREAD (0x00200000) marks a kernel thread.</summary>
    public uint Flags;

    /// <summary>(10) Minor faults.</summary>
    public ulong MinFlt;

    /// <summary>(11) Minor faults of waited-for children.</summary>
    public ulong CMinFlt;

    /// <summary>(12) Major faults.</summary>
    public ulong MajFlt;

    /// <summary>(13) Major faults of waited-for children.</summary>
    public ulong CMajFlt;

    /// <summary>(14) User-mode time, in clock ticks.</summary>
    public ulong UTime;

    /// <summary>(15) Kernel-mode time, in clock ticks.</summary>
    public ulong STime;

    /// <summary>(16) User-mode time of waited-for children, in clock ticks.</summary>
    public long CUTime;

    /// <summary>(17) Kernel-mode time of waited-for children, in clock ticks.</summary>
    public long CSTime;

    /// <summary>(18) Scheduling priority as the kernel reports it (negative for real-time).</summary>
    public long Priority;

    /// <summary>(19) Nice value, -20 to 19.</summary>
    public long Nice;

    /// <summary>(20) Number of threads.</summary>
    public long NumThreads;

    /// <summary>(22) Start time after boot, in clock ticks.</summary>
    public ulong StartTime;

    /// <summary>(23) Virtual memory size, in bytes.</summary>
    public ulong VSize;

    /// <summary>(24) Resident set size, in pages.</summary>
    public long Rss;

    /// <summary>(39) CPU last run on.</summary>
    public int? Processor;

    /// <summary>(40) Real-time priority, 0 for normal policies.</summary>
    public uint? RtPriority;

    /// <summary>(41) Scheduling policy (SCHED_*).</summary>
    public uint? Policy;

    /// <summary>(42) Aggregated block I/O delay, in clock ticks (filled when delay accounting is on).</summary>
    public ulong? DelayAcctBlkioTicks;

    /// <summary>(43) Guest time, in clock ticks.</summary>
    public ulong? GuestTime;

    /// <summary>(44) Guest time of waited-for children, in clock ticks.</summary>
    public long? CGuestTime;

    /// <summary>(52) The exit status in waitpid(2) form (0 while the thread runs).</summary>
    public int? ExitCode;

    /// <summary>PF_KTHREAD in <see cref="Flags"/>.</summary>
    public readonly bool IsKernelThread => (Flags & 0x00200000) != 0;
}
