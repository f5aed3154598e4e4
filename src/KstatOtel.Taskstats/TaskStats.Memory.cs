using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>Page faults and memory: task records only (a thread group's are 0 in the kernel's reply, so absent here).</summary>
public readonly partial struct TaskStats
{
    /// <summary>Minor page faults (ac_minflt). Absent for thread groups.</summary>
    public ulong? MinorFaults => UInt64(TaskStatsLayout.Minflt, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>Major page faults (ac_majflt). Absent for thread groups.</summary>
    public ulong? MajorFaults => UInt64(TaskStatsLayout.Majflt, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>The peak resident set size in bytes (hiwater_rss, kept in KiB by the kernel). Absent for thread groups.</summary>
    public ulong? PeakResidentBytes => UInt64(TaskStatsLayout.HiwaterRss, TaskStatsLayout.V2Basic, filledForThreadGroups: false) is { } kib ? kib * 1024 : null;

    /// <summary>The peak virtual memory size in bytes (hiwater_vm, kept in KiB by the kernel). Absent for thread groups.</summary>
    public ulong? PeakVirtualBytes => UInt64(TaskStatsLayout.HiwaterVm, TaskStatsLayout.V2Basic, filledForThreadGroups: false) is { } kib ? kib * 1024 : null;

    /// <summary>The resident set size integrated over run time (coremem), in MB·µs. Absent for thread groups.</summary>
    public ulong? ResidentMegabyteMicroseconds => UInt64(TaskStatsLayout.Coremem, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>The virtual memory size integrated over run time (virtmem), in MB·µs. Absent for thread groups.</summary>
    public ulong? VirtualMegabyteMicroseconds => UInt64(TaskStatsLayout.Virtmem, TaskStatsLayout.V2Basic, filledForThreadGroups: false);
}
