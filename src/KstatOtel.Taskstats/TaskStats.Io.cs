using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>I/O counters: task records only (a thread group's are 0 in the kernel's reply, so absent here).</summary>
public readonly partial struct TaskStats
{
    /// <summary>Bytes passed to read-like syscalls (read_char), rounded down to a multiple of 1024 by the kernel. Absent for thread groups.</summary>
    public ulong? ReadChars => UInt64(TaskStatsLayout.ReadChar, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>Bytes passed to write-like syscalls (write_char), rounded down to a multiple of 1024 by the kernel. Absent for thread groups.</summary>
    public ulong? WriteChars => UInt64(TaskStatsLayout.WriteChar, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>Read syscalls (read_syscalls); the kernel masks this count to a multiple of 1024 too. Absent for thread groups.</summary>
    public ulong? ReadSyscalls => UInt64(TaskStatsLayout.ReadSyscalls, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>Write syscalls (write_syscalls); the kernel masks this count to a multiple of 1024 too. Absent for thread groups.</summary>
    public ulong? WriteSyscalls => UInt64(TaskStatsLayout.WriteSyscalls, TaskStatsLayout.V2Basic, filledForThreadGroups: false);

    /// <summary>Bytes this task caused to be read from storage (read_bytes, multiple of 1024; version 3 and later). Absent for thread groups.</summary>
    public ulong? ReadBytes => UInt64(TaskStatsLayout.ReadBytes, TaskStatsLayout.V3StorageIo, filledForThreadGroups: false);

    /// <summary>Bytes this task caused to be written to storage (write_bytes, multiple of 1024; version 3 and later). Absent for thread groups.</summary>
    public ulong? WriteBytes => UInt64(TaskStatsLayout.WriteBytes, TaskStatsLayout.V3StorageIo, filledForThreadGroups: false);

    /// <summary>Written bytes whose write-back was cancelled by truncation (cancelled_write_bytes; version 3 and later). Absent for thread groups.</summary>
    public ulong? CancelledWriteBytes => UInt64(TaskStatsLayout.CancelledWriteBytes, TaskStatsLayout.V3StorageIo, filledForThreadGroups: false);
}
