using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Everything a <see cref="ProcessTracker"/> is set up with.</summary>
internal sealed class TrackerSettings
{
    public required string ProcfsRoot { get; init; }

    public required GroupSelector Selector { get; init; }

    public bool TrackChildren { get; init; }

    public bool RemoveEmptyGroups { get; init; }

    public int MaxGroups { get; init; } = ProcessGroupOptions.DefaultMaxGroups;

    public bool IncludeThreads { get; init; }

    public bool IncludeProportionalSetSize { get; init; }

    public long ClockTicksPerSecond { get; init; } = ProcfsSystem.ClockTicksPerSecond;

    /// <summary>The boot time in seconds since the Unix epoch (btime of ROOT/stat); null when unknown.</summary>
    public ulong? BootTimeSeconds { get; init; }

    /// <summary>
    /// How many descriptors the tracker may keep open. Beyond it, members are read through files opened for each
    /// refresh (slower, and allocating), and thread detail is not read for further processes.
    /// </summary>
    public int DescriptorBudget { get; init; } = 4096;

    /// <summary>Exit records from the listener, or null when there is none.</summary>
    public ExitRecordQueue? ExitRecords { get; init; }

    /// <summary>Per-process taskstats queries (context switches and delays), or null when not permitted.</summary>
    public ThreadGroupQueries? Queries { get; init; }

    /// <summary>
    /// Seconds the machine spent suspended since boot (tests replace it); null for the clocks' difference
    /// (CLOCK_BOOTTIME minus CLOCK_MONOTONIC). Exit records date a start from the monotonic clock and procfs from the
    /// boot-time clock: a suspend during a process's life sets the two apart by its length.
    /// </summary>
    public Func<double>? SuspendedSeconds { get; init; }

    /// <summary>Looks a user name up by uid (tests replace it); null for the system's user database.</summary>
    public Func<uint, string?>? UserLookup { get; init; }
}
