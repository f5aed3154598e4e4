namespace KstatOtel.Procfs;

/// <summary>The lines of /proc/stat the package uses; a line the file lacks is null.</summary>
internal struct SystemStat
{
    /// <summary>btime: boot time, in seconds since the Unix epoch.</summary>
    public ulong? BootTimeSeconds;

    /// <summary>processes: forks since boot.</summary>
    public ulong? ProcessesCreated;

    /// <summary>procs_running: tasks runnable now.</summary>
    public ulong? ProcessesRunning;

    /// <summary>procs_blocked: tasks blocked on I/O now.</summary>
    public ulong? ProcessesBlocked;
}
