namespace KstatOtel.Taskstats;

/// <summary>What a <see cref="TaskStats"/> record describes.</summary>
public enum TaskStatsScope
{
    /// <summary>The default value of <see cref="TaskStats"/>: no record, every field absent.</summary>
    None = 0,

    /// <summary>One task (a thread), from a PID query or a per-task exit record. Every field the struct version has is filled.</summary>
    Task = 1,

    /// <summary>
    /// A whole thread group (a process), from a TGID query or a thread-group exit record. The kernel fills only the
    /// delay-accounting fields, the CPU times, the elapsed time and the context switches; the fields it leaves zero
    /// (command, ids, faults, memory, every I/O counter, ...) are reported as absent.
    /// </summary>
    ThreadGroup = 2,
}
