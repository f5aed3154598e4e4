namespace KstatOtel.Linux;

/// <summary>One delay kind of the own process in a snapshot (taskstats delay accounting).</summary>
internal struct DelayValue
{
    /// <summary>
    /// True once the kind is published: always for the CPU delay; for the others when delay accounting was on at start,
    /// or once the kernel counted a delay of that kind (accounting switched on later). Unfilled kinds are not published.
    /// </summary>
    public bool Published;

    /// <summary>The number of delays counted (taskstats <c>*_count</c>).</summary>
    public long Count;

    /// <summary>Their total, in seconds (taskstats <c>*_delay_total</c>).</summary>
    public double TotalSeconds;

    /// <summary>True when <see cref="MaxSeconds"/> holds a value (opt-in, struct version 16 and later).</summary>
    public bool HasMax;

    /// <summary>The longest single delay seen in any thread of the process, in seconds.</summary>
    public double MaxSeconds;
}
