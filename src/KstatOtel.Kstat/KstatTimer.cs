namespace KstatOtel.Kstat;

/// <summary>One event timer of a TIMER kstat (<c>kstat_timer_t</c>), copied from one read; times are nanoseconds.</summary>
public readonly struct KstatTimer
{
    internal KstatTimer(string name, in Interop.KstatTimerNative timer, long snapTime)
    {
        Name = name;
        EventCount = timer.num_events;
        ElapsedTime = timer.elapsed_time;
        MinTime = timer.min_time;
        MaxTime = timer.max_time;
        StartTime = timer.start_time;
        StopTime = timer.stop_time;
        SnapTime = snapTime;
    }

    /// <summary><c>name</c>: the event's name.</summary>
    public string Name { get; }

    /// <summary><c>num_events</c>: events counted.</summary>
    public ulong EventCount { get; }

    /// <summary><c>elapsed_time</c>: cumulative elapsed time.</summary>
    public long ElapsedTime { get; }

    /// <summary><c>min_time</c>: the shortest event.</summary>
    public long MinTime { get; }

    /// <summary><c>max_time</c>: the longest event.</summary>
    public long MaxTime { get; }

    /// <summary><c>start_time</c>: when the previous event started, ns since boot.</summary>
    public long StartTime { get; }

    /// <summary><c>stop_time</c>: when the previous event stopped, ns since boot.</summary>
    public long StopTime { get; }

    /// <summary>When the kernel took the values, ns since boot (<c>ks_snaptime</c> of the read).</summary>
    public long SnapTime { get; }
}
