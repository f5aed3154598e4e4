namespace KstatOtel.Kstat;

/// <summary>The kind of data a kstat holds (<c>ks_type</c>, the KSTAT_TYPE_* constants of sys/kstat.h).</summary>
public enum KstatType
{
    /// <summary>KSTAT_TYPE_RAW (0): an arbitrary structure, such as <c>unix:0:sysinfo</c> or <c>cpu_stat:N:cpu_statN</c>.</summary>
    Raw = 0,

    /// <summary>KSTAT_TYPE_NAMED (1): an array of name/value statistics (<c>kstat_named_t</c>).</summary>
    Named = 1,

    /// <summary>KSTAT_TYPE_INTR (2): interrupt counters (<c>kstat_intr_t</c>).</summary>
    Interrupt = 2,

    /// <summary>KSTAT_TYPE_IO (3): disk-style I/O statistics (<c>kstat_io_t</c>).</summary>
    IO = 3,

    /// <summary>KSTAT_TYPE_TIMER (4): event timers (<c>kstat_timer_t</c> array).</summary>
    Timer = 4,
}
