using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>Delay accounting: filled for tasks and thread groups (a thread group's max/min are the last thread's, not an aggregate).</summary>
public readonly partial struct TaskStats
{
    /// <summary>Waiting for a CPU while runnable (filled even when kernel.task_delayacct is 0).</summary>
    public TaskDelay? CpuDelay => GetDelay(TaskDelayKind.Cpu);

    /// <summary>Waiting for synchronous block I/O.</summary>
    public TaskDelay? BlockIoDelay => GetDelay(TaskDelayKind.BlockIo);

    /// <summary>Waiting for swap-in.</summary>
    public TaskDelay? SwapInDelay => GetDelay(TaskDelayKind.SwapIn);

    /// <summary>Direct memory reclaim (version 7 and later).</summary>
    public TaskDelay? FreePagesDelay => GetDelay(TaskDelayKind.FreePages);

    /// <summary>Thrashing page waits (version 9 and later).</summary>
    public TaskDelay? ThrashingDelay => GetDelay(TaskDelayKind.Thrashing);

    /// <summary>Direct memory compaction (version 11 and later).</summary>
    public TaskDelay? CompactDelay => GetDelay(TaskDelayKind.Compact);

    /// <summary>Copy-on-write (write-protect fault) copies (version 13 and later).</summary>
    public TaskDelay? WriteProtectCopyDelay => GetDelay(TaskDelayKind.WriteProtectCopy);

    /// <summary>IRQ and softirq time (version 14 and later).</summary>
    public TaskDelay? IrqDelay => GetDelay(TaskDelayKind.Irq);

    /// <summary>
    /// The delay of <paramref name="kind"/>: null when the struct version or the returned bytes lack its count and total.
    /// Its <see cref="TaskDelay.Max"/> and <see cref="TaskDelay.Min"/> need version 16, <see cref="TaskDelay.MaxTimestamp"/> version 17.
    /// </summary>
    /// <param name="kind">Which delay.</param>
    public TaskDelay? GetDelay(TaskDelayKind kind)
    {
        var (countOffset, totalOffset, sinceVersion) = TaskStatsLayout.Delay(kind);
        if (UInt64(countOffset, sinceVersion, filledForThreadGroups: true) is not { } count
            || UInt64(totalOffset, sinceVersion, filledForThreadGroups: true) is not { } total)
        {
            return null;
        }

        var maxMin = TaskStatsLayout.DelayMaxMinBase + ((int)kind * 16);
        var max = UInt64(maxMin, TaskStatsLayout.V16MaxMin, filledForThreadGroups: true);
        var min = UInt64(maxMin + 8, TaskStatsLayout.V16MaxMin, filledForThreadGroups: true);

        DateTimeOffset? maxTimestamp = null;
        var timestampOffset = TaskStatsLayout.DelayMaxTimestampBase + ((int)kind * 16);
        if (Has(timestampOffset, 16, TaskStatsLayout.V17MaxTimestamp, filledForThreadGroups: true))
        {
            ReadOnlySpan<byte> bytes = _bytes;
            maxTimestamp = Durations.FromTimespec(
                MemoryMarshal.Read<long>(bytes.Slice(timestampOffset)),
                MemoryMarshal.Read<long>(bytes.Slice(timestampOffset + 8)));
        }

        return new TaskDelay(count, total, max, min, maxTimestamp);
    }
}
