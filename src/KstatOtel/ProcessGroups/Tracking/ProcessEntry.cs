using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>What the tracker knows of one pid.</summary>
internal enum EntryKind : byte
{
    /// <summary>A member of a group: read at every refresh.</summary>
    Tracked,

    /// <summary>No group takes it: not read again while its pid keeps naming the same process.</summary>
    Ignored,

    /// <summary>Its stat could not be read for lack of permission (hidepid): counted once, not retried.</summary>
    Denied,

    /// <summary>Its files did not parse: counted once, not retried.</summary>
    Failed,
}

/// <summary>The collection problems already counted for a process (each is counted once per process).</summary>
[Flags]
internal enum ReportedProblems : byte
{
    None = 0,
    Failed = 1,
    Partial = 2,
    Denied = 4,
}

/// <summary>
/// One process as the tracker knows it, identified by pid and start time. A member keeps its procfs files open (a
/// kept-open file goes on naming the same process when the pid is reused, and reports it gone once it ended), the
/// totals last accounted to its group, and its current gauges. An entry that ended stays a short while (a
/// tombstone) so that a late exit record tops it up instead of counting the process twice.
/// </summary>
internal sealed class ProcessEntry
{
    public int Pid;

    /// <summary>Start time after boot, in clock ticks (stat field 22): with the pid, the process's identity.</summary>
    public ulong StartTicks;

    /// <summary>The start in seconds since the Unix epoch, NaN when the boot time is unknown.</summary>
    public double StartSeconds = double.NaN;

    /// <summary>The inode of /proc/[pid] when listed (made anew when the pid is reused), 0 when not known.</summary>
    public ulong Inode;

    public TaskComm Comm;

    public int Ppid;

    public EntryKind Kind;

    /// <summary>The group of a tracked process.</summary>
    public GroupState? Group;

    /// <summary>The kept-open files of a tracked process; null when read through files opened for each refresh.</summary>
    public ProcessReader? Reader;

    /// <summary>The kept-open stat of a young ignored process, re-read a few times in case it execs into a tracked program.</summary>
    public ProcfsFile? RecheckStat;

    public int RecheckLeft;

    /// <summary>The totals last accounted to the group.</summary>
    public UsageCounters Last;

    /// <summary>
    /// True when the process was first listed after the first refresh (and, when its start is known, started after
    /// tracking did): all it used counts. False for a process already running when tracking started.
    /// </summary>
    public bool StartedAfterTracking;

    /// <summary>The families that are still counted from zero when first seen (all for a process started after tracking).</summary>
    public UsageFields FromZero;

    /// <summary>The values of the last successful read.</summary>
    public ProcessGauges Gauges;

    /// <summary>The refresh that last listed this pid.</summary>
    public long SeenRefresh;

    /// <summary>The refresh in which the process ended, for tombstones.</summary>
    public long EndedRefresh;

    /// <summary>True once the process's exit record has been accounted.</summary>
    public bool FinalApplied;

    /// <summary>True once the process's end was counted in its group's exits.</summary>
    public bool ExitCounted;

    public ReportedProblems Reported;

    /// <summary>Refreshes until the descriptor limit is read again.</summary>
    public int LimitsCountdown;

    /// <summary>The soft RLIMIT_NOFILE, null when unlimited or unknown.</summary>
    public ulong? FileLimit;

    /// <summary>The path of /proc/[pid]/limits, made when the process becomes a member.</summary>
    public string? LimitsPath;

    /// <summary>True when per-process taskstats queries failed for this process (it is then read from procfs alone).</summary>
    public bool NoTaskstats;

    /// <summary>The threads of a member (thread detail only).</summary>
    public ThreadSet? Threads;

    /// <summary>The kept-open descriptors this entry holds (for the descriptor budget).</summary>
    public int KeptDescriptors;

    /// <summary>Closes every file the entry holds.</summary>
    public void ReleaseFiles()
    {
        Reader?.Dispose();
        Reader = null;
        RecheckStat?.Dispose();
        RecheckStat = null;
        Threads?.Dispose();
        Threads = null;
    }
}
