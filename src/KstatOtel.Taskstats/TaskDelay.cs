namespace KstatOtel.Taskstats;

/// <summary>
/// One kind of delay of a task or thread group: how many delays were counted and their total, and from struct
/// version 16 the longest and shortest single delay (version 17 adds when the longest happened).
/// </summary>
public readonly struct TaskDelay
{
    internal TaskDelay(ulong count, ulong totalNanoseconds, ulong? maxNanoseconds, ulong? minNanoseconds, DateTimeOffset? maxTimestamp)
    {
        Count = count;
        TotalNanoseconds = totalNanoseconds;
        MaxNanoseconds = maxNanoseconds;
        MinNanoseconds = minNanoseconds;
        MaxTimestamp = maxTimestamp;
    }

    /// <summary>The number of delays counted.</summary>
    public ulong Count { get; }

    /// <summary>The sum of all delays, in nanoseconds. The kernel resets it to 0 when it would wrap.</summary>
    public ulong TotalNanoseconds { get; }

    /// <summary>The sum of all delays (100 ns resolution; <see cref="TotalNanoseconds"/> is exact).</summary>
    public TimeSpan Total => Durations.FromNanoseconds(TotalNanoseconds);

    /// <summary>The mean delay, <see cref="Total"/> / <see cref="Count"/>; zero when nothing was counted.</summary>
    public TimeSpan Average => Count == 0 ? TimeSpan.Zero : Durations.FromNanoseconds(TotalNanoseconds / Count);

    /// <summary>The longest single delay (struct version 16 and later), or null when the kernel does not report it.</summary>
    public TimeSpan? Max => MaxNanoseconds is { } ns ? Durations.FromNanoseconds(ns) : null;

    /// <summary>The shortest single delay (struct version 16 and later), or null when the kernel does not report it.</summary>
    public TimeSpan? Min => MinNanoseconds is { } ns ? Durations.FromNanoseconds(ns) : null;

    /// <summary>The longest single delay in nanoseconds (version 16 and later), or null.</summary>
    public ulong? MaxNanoseconds { get; }

    /// <summary>The shortest single delay in nanoseconds (version 16 and later), or null.</summary>
    public ulong? MinNanoseconds { get; }

    /// <summary>
    /// The wall-clock time at which the longest delay happened (struct version 17 and later), or null when the kernel
    /// does not report it or recorded no delay yet (a zero timestamp).
    /// </summary>
    public DateTimeOffset? MaxTimestamp { get; }
}
