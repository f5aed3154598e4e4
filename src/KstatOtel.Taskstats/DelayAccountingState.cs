namespace KstatOtel.Taskstats;

/// <summary>Whether the kernel records delays (the kernel.task_delayacct sysctl), from <see cref="TaskstatsClient.GetDelayAccountingState"/>.</summary>
public enum DelayAccountingState
{
    /// <summary>
    /// /proc/sys/kernel/task_delayacct is missing or unreadable: a kernel before 5.14 (delay accounting on unless booted
    /// with nodelayacct), a kernel without CONFIG_TASK_DELAY_ACCT, or no procfs.
    /// </summary>
    Unknown = 0,

    /// <summary>
    /// Off (the default since Linux 5.14): block I/O, swap-in, free-pages, thrashing, compaction, write-protect-copy and
    /// IRQ delays stay 0; the CPU delay is still filled. Turn it on with <c>sysctl kernel.task_delayacct=1</c> (needs
    /// CAP_SYS_ADMIN; persists through /etc/sysctl.d) or the <c>delayacct</c> boot parameter; it covers tasks started afterwards.
    /// </summary>
    Disabled = 1,

    /// <summary>On: every delay kind is recorded for tasks started since it was switched on.</summary>
    Enabled = 2,
}
