namespace KstatOtel.Taskstats;

/// <summary>The kinds of delay that delay accounting measures, in the order struct taskstats lists their max/min fields.</summary>
public enum TaskDelayKind
{
    /// <summary>Runnable but waiting for a CPU (filled even when kernel.task_delayacct is 0).</summary>
    Cpu = 0,

    /// <summary>Waiting for synchronous block I/O to complete.</summary>
    BlockIo = 1,

    /// <summary>Waiting for swap-in page faults.</summary>
    SwapIn = 2,

    /// <summary>Direct memory reclaim (struct version 7 and later).</summary>
    FreePages = 3,

    /// <summary>Waiting on a thrashing (refaulting) page (version 9 and later).</summary>
    Thrashing = 4,

    /// <summary>Direct memory compaction (version 11 and later).</summary>
    Compact = 5,

    /// <summary>Copying a page on a write-protect (copy-on-write) fault (version 13 and later).</summary>
    WriteProtectCopy = 6,

    /// <summary>Time taken by IRQ and softirq handling (version 14 and later).</summary>
    Irq = 7,
}
