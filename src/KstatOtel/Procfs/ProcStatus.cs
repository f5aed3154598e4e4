namespace KstatOtel.Procfs;

/// <summary>
/// The lines of /proc/[pid]/status that the package uses. A line the file lacks is null (kernel threads and
/// zombies have no Vm* lines; old kernels lack RssAnon/RssFile/RssShmem), never 0. Memory is in bytes.
/// </summary>
internal struct ProcStatus
{
    /// <summary>True when the file has a Name line; <see cref="Name"/> is then the unescaped comm.</summary>
    public bool HasName;

    /// <summary>Name: the comm, with the kernel's escaping ("\n", "\\") undone, so it equals stat's comm.</summary>
    public TaskComm Name;

    /// <summary>State: the letter (R, S, D, ...) as the ASCII byte.</summary>
    public byte? State;

    /// <summary>Tgid: the thread group (process) id.</summary>
    public int? Tgid;

    /// <summary>Pid: the task id.</summary>
    public int? Pid;

    /// <summary>PPid: the parent's process id.</summary>
    public int? PPid;

    /// <summary>Uid: real, effective, saved set and filesystem user ids.</summary>
    public ProcessIds? Uid;

    /// <summary>Gid: real, effective, saved set and filesystem group ids.</summary>
    public ProcessIds? Gid;

    /// <summary>VmPeak: peak virtual memory size, in bytes.</summary>
    public ulong? VmPeakBytes;

    /// <summary>VmSize: virtual memory size, in bytes.</summary>
    public ulong? VmSizeBytes;

    /// <summary>VmHWM: peak resident set size, in bytes.</summary>
    public ulong? VmHwmBytes;

    /// <summary>
    /// VmRSS: resident set size, in bytes (RssAnon + RssFile + RssShmem). Recent kernels sum the per-CPU RSS
    /// counters exactly here, while stat's rss reads their approximate value: the two can differ by a few
    /// hundred pages.
    /// </summary>
    public ulong? VmRssBytes;

    /// <summary>RssAnon: resident anonymous memory, in bytes.</summary>
    public ulong? RssAnonBytes;

    /// <summary>RssFile: resident file mappings, in bytes.</summary>
    public ulong? RssFileBytes;

    /// <summary>RssShmem: resident shared memory, in bytes.</summary>
    public ulong? RssShmemBytes;

    /// <summary>VmData: data segment size, in bytes.</summary>
    public ulong? VmDataBytes;

    /// <summary>VmSwap: swapped-out anonymous memory, in bytes.</summary>
    public ulong? VmSwapBytes;

    /// <summary>Threads: number of threads.</summary>
    public int? Threads;

    /// <summary>
    /// voluntary_ctxt_switches. Per task: in /proc/[pid]/status this counts the main thread only (the kernel prints
    /// the task's own nvcsw), so a whole process needs the sum over /proc/[pid]/task/*/status or a taskstats query.
    /// </summary>
    public ulong? VoluntaryContextSwitches;

    /// <summary>nonvoluntary_ctxt_switches. Per task, like <see cref="VoluntaryContextSwitches"/>.</summary>
    public ulong? NonvoluntaryContextSwitches;
}
