namespace KstatOtel;

/// <summary>Where the own process's statistics come from on Linux.</summary>
public enum LinuxProcessSource
{
    /// <summary>
    /// Taskstats (CPU times, context switches, delay accounting) plus procfs for what a thread-group query does not
    /// fill, when the process holds CAP_NET_ADMIN in the initial user namespace; procfs alone otherwise.
    /// </summary>
    Automatic = 0,

    /// <summary>
    /// Taskstats plus procfs, without checking the capability first. When the kernel refuses taskstats, the refusal is
    /// reported through the event source (with how to grant the capability) and procfs alone is used: the process
    /// metrics keep flowing, without delay accounting.
    /// </summary>
    Taskstats = 1,

    /// <summary>procfs only, even when taskstats would be permitted (no delay accounting).</summary>
    Procfs = 2,
}
