namespace KstatOtel.Taskstats;

/// <summary>
/// Task counts of one cgroup v1 directory by state (struct cgroupstats), from <see cref="TaskstatsClient.CgroupStats"/>.
/// Counts cover the tasks directly in that cgroup, not its children.
/// </summary>
public readonly struct CgroupStats
{
    internal CgroupStats(ulong sleeping, ulong running, ulong stopped, ulong uninterruptible, ulong ioWait)
    {
        Sleeping = sleeping;
        Running = running;
        Stopped = stopped;
        Uninterruptible = uninterruptible;
        IoWait = ioWait;
    }

    /// <summary>Tasks sleeping interruptibly (nr_sleeping).</summary>
    public ulong Sleeping { get; }

    /// <summary>Tasks running or runnable (nr_running).</summary>
    public ulong Running { get; }

    /// <summary>Stopped or traced tasks (nr_stopped).</summary>
    public ulong Stopped { get; }

    /// <summary>Tasks in uninterruptible sleep (nr_uninterruptible).</summary>
    public ulong Uninterruptible { get; }

    /// <summary>Tasks in no state above that wait for I/O (nr_io_wait; older kernels count it through delay accounting).</summary>
    public ulong IoWait { get; }

    /// <summary>Every task counted: the sum of the five states.</summary>
    public ulong Total => Sleeping + Running + Stopped + Uninterruptible + IoWait;
}
