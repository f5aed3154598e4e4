namespace KstatOtel.Linux;

/// <summary>
/// Keeps the user/system split of a process's CPU time monotonic from one refresh to the next, as the kernel's
/// cputime_adjust does for /proc/[pid]/stat and getrusage with its prev_cputime: a split derived from tick samples can
/// move time from one mode to the other between reads, which would make one of two counters go down. Times are in any
/// one unit (the callers use 100 ns ticks). Not thread-safe: one instance per refresh loop.
/// </summary>
internal struct CpuTimeSplit
{
    private long previousUser;
    private long previousSystem;

    /// <summary>The last split returned: user time.</summary>
    public readonly long User => previousUser;

    /// <summary>The last split returned: system time.</summary>
    public readonly long System => previousSystem;

    /// <summary>
    /// Takes a new reading (<paramref name="user"/> + <paramref name="system"/> is the total runtime) and returns the
    /// split to publish: never below the previous one in either mode, and adding up to the new total whenever the total
    /// grew. When the total did not grow past what was published, the previous split is kept.
    /// </summary>
    public void Update(long user, long system, out long publishedUser, out long publishedSystem)
    {
        user = Math.Max(user, 0);
        system = Math.Max(system, 0);
        var total = user + system;
        if (previousUser + previousSystem >= total)
        {
            publishedUser = previousUser;
            publishedSystem = previousSystem;
            return;
        }

        // The kernel's order: system first, then user, each raised to its previous value at the expense of the other.
        system = Math.Max(system, previousSystem);
        user = total - system;
        if (user < previousUser)
        {
            user = previousUser;
            system = total - user;
        }

        previousUser = publishedUser = user;
        previousSystem = publishedSystem = system;
    }
}
