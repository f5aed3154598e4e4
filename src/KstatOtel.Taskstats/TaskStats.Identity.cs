using System.Diagnostics.CodeAnalysis;
using System.Text;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>Who the task is: command, ids, start time, scheduling, executable, exit status. Task records only.</summary>
public readonly partial struct TaskStats
{
    /// <summary>The command name (tsk->comm, at most 15 bytes on Linux), decoded as UTF-8; allocates a string on each call. Absent for thread groups.</summary>
    public string? Command
    {
        get
        {
            if (!Has(TaskStatsLayout.Comm, TaskStatsLayout.CommLength, TaskStatsLayout.V2Basic, filledForThreadGroups: false))
            {
                return null;
            }

            ReadOnlySpan<byte> bytes = _bytes;
            var comm = bytes.Slice(TaskStatsLayout.Comm, TaskStatsLayout.CommLength);
            var end = comm.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end >= 0 ? comm[..end] : comm);
        }
    }

    /// <summary>
    /// The command name as the kernel's bytes, without the NUL padding and without allocating; empty when
    /// <see cref="Command"/> is absent. The span points into this value, so it lives as long as the variable holding it.
    /// </summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> CommandUtf8
    {
        get
        {
            if (!Has(TaskStatsLayout.Comm, TaskStatsLayout.CommLength, TaskStatsLayout.V2Basic, filledForThreadGroups: false))
            {
                return ReadOnlySpan<byte>.Empty;
            }

            ReadOnlySpan<byte> comm = ((ReadOnlySpan<byte>)_bytes).Slice(TaskStatsLayout.Comm, TaskStatsLayout.CommLength);
            var end = comm.IndexOf((byte)0);
            return end >= 0 ? comm[..end] : comm;
        }
    }

    /// <summary>The process id (ac_pid: for a thread, its thread id). Absent for thread groups.</summary>
    public int? ProcessId => ProcessIdAt(TaskStatsLayout.Pid, TaskStatsLayout.V2Basic);

    /// <summary>The parent's process id (ac_ppid). Absent for thread groups.</summary>
    public int? ParentProcessId => ProcessIdAt(TaskStatsLayout.Ppid, TaskStatsLayout.V2Basic);

    /// <summary>The thread group id (ac_tgid, struct version 12 and later). Absent for thread groups (use <see cref="Id"/>).</summary>
    public int? ThreadGroupId => ProcessIdAt(TaskStatsLayout.Tgid, TaskStatsLayout.V12Exe);

    /// <summary>The real user id (ac_uid), mapped into the reader's user namespace. Absent for thread groups.</summary>
    public uint? UserId => UInt32(TaskStatsLayout.Uid, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>The real group id (ac_gid), mapped into the reader's user namespace. Absent for thread groups.</summary>
    public uint? GroupId => UInt32(TaskStatsLayout.Gid, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>
    /// When the task started, to the second (ac_btime64 from version 10, ac_btime before, which ends in 2106).
    /// Absent for thread groups.
    /// </summary>
    public DateTimeOffset? StartTime
    {
        get
        {
            if (UInt64(TaskStatsLayout.Btime64, TaskStatsLayout.V10Btime64, filledForThreadGroups: false) is { } seconds)
            {
                return Durations.FromUnixSeconds(seconds);
            }

            return UInt32(TaskStatsLayout.Btime, TaskStatsLayout.V2Basic, filledForThreadGroups: false) is { } legacy
                ? Durations.FromUnixSeconds(legacy)
                : null;
        }
    }

    /// <summary>The nice value (ac_nice, -20 to 19). Absent for thread groups.</summary>
    public int? Nice => Byte(TaskStatsLayout.Nice, TaskStatsLayout.V2Basic, filledForThreadGroups: false) is { } nice ? (sbyte)nice : null;

    /// <summary>The scheduling policy (ac_sched: 0 SCHED_OTHER, 1 SCHED_FIFO, 2 SCHED_RR, 3 SCHED_BATCH, 5 SCHED_IDLE, 6 SCHED_DEADLINE). Absent for thread groups.</summary>
    public int? SchedulingPolicy => Byte(TaskStatsLayout.Sched, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>The accounting flags (ac_flag). Absent for thread groups.</summary>
    public TaskAccountingBits? Flags => Byte(TaskStatsLayout.Flag, TaskStatsLayout.V2Basic, filledForThreadGroups: false) is { } flag ? (TaskAccountingBits)flag : null;

    /// <summary>The device of the executable (ac_exe_dev, huge_encode_dev form; 0 for kernel threads; version 12 and later). Absent for thread groups.</summary>
    public ulong? ExecutableDevice => UInt64(TaskStatsLayout.ExeDev, TaskStatsLayout.V12Exe, filledForThreadGroups: false);

    /// <summary>The inode of the executable (ac_exe_inode; 0 for kernel threads; version 12 and later). Absent for thread groups.</summary>
    public ulong? ExecutableInode => UInt64(TaskStatsLayout.ExeInode, TaskStatsLayout.V12Exe, filledForThreadGroups: false);

    /// <summary>
    /// The raw wait status of an exited task (ac_exitcode, e.g. 0x700 for exit(7)). Present only in per-task exit
    /// records; a live task has none.
    /// </summary>
    public int? ExitStatus =>
        _isExitRecord && UInt32(TaskStatsLayout.ExitCode, TaskStatsLayout.V2Basic, filledForThreadGroups: false) is { } status ? (int)status : null;

    /// <summary>The exit code of a task that exited normally (WEXITSTATUS of <see cref="ExitStatus"/>), or null when it was killed or this is not a per-task exit record.</summary>
    public int? ExitCode => ExitStatus is { } status && (status & 0x7F) == 0 ? (status >> 8) & 0xFF : null;

    /// <summary>The signal that killed the task (WTERMSIG of <see cref="ExitStatus"/>), or null when it exited normally or this is not a per-task exit record.</summary>
    public int? TerminationSignal => ExitStatus is { } status && (status & 0x7F) is not (0 or 0x7F) ? status & 0x7F : null;
}
