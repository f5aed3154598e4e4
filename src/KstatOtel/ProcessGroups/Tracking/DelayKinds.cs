using KstatOtel.Taskstats;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>The delay-accounting kinds, indexed like <see cref="TaskDelayKind"/>, and their attribute values.</summary>
internal static class DelayKinds
{
    public const int Count = 8;

    /// <summary>The values of the <c>kstatotel.delay.kind</c> attribute, by <see cref="TaskDelayKind"/>.</summary>
    public static readonly string[] Names = ["cpu", "blkio", "swapin", "freepages", "thrashing", "compact", "wpcopy", "irq"];

    /// <summary>The kinds, by index.</summary>
    public static readonly TaskDelayKind[] Kinds =
    [
        TaskDelayKind.Cpu, TaskDelayKind.BlockIo, TaskDelayKind.SwapIn, TaskDelayKind.FreePages,
        TaskDelayKind.Thrashing, TaskDelayKind.Compact, TaskDelayKind.WriteProtectCopy, TaskDelayKind.Irq,
    ];

    /// <summary>The kinds the kernel fills even with delay accounting off (kernel.task_delayacct = 0): the CPU delay.</summary>
    public const int AlwaysFilledMask = 1 << 0;

    /// <summary>Every kind.</summary>
    public const int AllMask = (1 << Count) - 1;
}
