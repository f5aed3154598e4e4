using System.Globalization;

namespace KstatOtel;

/// <summary>
/// Process groups (Linux): the processes of the host sorted into named groups, each group published as one set of
/// series (<c>kstatotel.process_group.*</c>, attribute <c>kstatotel.process_group.name</c>), in the manner of
/// process-exporter. Tracking is on when <see cref="Groups"/> holds at least one definition; set it with
/// <see cref="KstatInstrumentationOptions.TrackProcesses(ProcessGroupDefinition[])"/> or bind it from configuration
/// (section <c>ProcessGroups</c> of the options).
/// </summary>
/// <remarks>
/// Group counters never decrease: each refresh adds every member's increase since the previous refresh, a member that
/// ends keeps what it contributed, and where taskstats exit records are permitted (CAP_NET_ADMIN in the initial
/// namespaces) the final figures of every process that ends are added too, including processes that started and ended
/// between two refreshes. Counters start at zero when tracking starts: processes already running then contribute what
/// they use from then on.
/// </remarks>
public sealed class ProcessGroupOptions
{
    /// <summary>The default of <see cref="MaxGroups"/>.</summary>
    public const int DefaultMaxGroups = 500;

    /// <summary>The largest <see cref="MaxGroups"/> accepted.</summary>
    public const int MaximumMaxGroups = 100_000;

    /// <summary>
    /// The group definitions, tried in order; the first whose matchers all match takes the process. A definition
    /// without any matcher takes every process that reaches it (put it last, e.g. <c>Name = "{Comm}"</c>).
    /// </summary>
    public IList<ProcessGroupDefinition> Groups { get; } = new List<ProcessGroupDefinition>();

    /// <summary>
    /// Counts a process that no definition takes with its nearest tracked ancestor's group (process-exporter's
    /// <c>-children</c>). A process that a definition takes stays in that definition's group. Off by default.
    /// </summary>
    public bool TrackChildren { get; set; }

    /// <summary>
    /// Stops publishing a group once it has no member left. Off by default: a group then keeps its series (counters at
    /// their totals, gauges at zero members). Turn it on when names come and go (templates with <c>{PID}</c> or
    /// captures). A removed group's totals are remembered by name, so that a group of that name that comes back
    /// resumes its counters from them (they never go down); at most <see cref="MaxGroups"/> removed groups are
    /// remembered, the oldest forgotten first (with an EventSource warning, after which that name would start from
    /// zero again).
    /// </summary>
    public bool RemoveEmptyGroups { get; set; }

    /// <summary>
    /// The most groups tracked at once, from 1 to <see cref="MaximumMaxGroups"/> (default
    /// <see cref="DefaultMaxGroups"/>). A process whose group would be one more is not tracked; it is counted in
    /// <c>kstatotel.process_group.refused</c> and an EventSource warning names the group refused.
    /// </summary>
    public int MaxGroups { get; set; } = DefaultMaxGroups;

    /// <summary>
    /// Also publishes per-thread detail within each group, by thread name: CPU, I/O, page faults, context switches,
    /// and the wait channels sleeping threads are blocked in (process-exporter's <c>-threads</c>). Off by default: it
    /// reads every thread of every tracked process.
    /// </summary>
    public bool IncludeThreads { get; set; }

    /// <summary>
    /// Also reads <c>/proc/PID/smaps_rollup</c> of every tracked process for the proportional set size
    /// (<c>kstatotel.process_group.memory.proportional</c>). Off by default: the kernel walks every mapping of the
    /// process to produce it, which is slow and stalls large processes.
    /// </summary>
    public bool IncludeProportionalSetSize { get; set; }

    /// <summary>
    /// Uses taskstats where the kernel permits it (CAP_NET_ADMIN in the initial user namespace; exit records also need
    /// the initial PID namespace and the host's procfs as <see cref="KstatInstrumentationOptions.ProcfsRoot"/>): the
    /// exit records of every process that ends, and per-process delays and context switches. On by default; where it
    /// is not permitted, procfs alone is used and an EventSource event says why.
    /// </summary>
    public bool UseTaskstats { get; set; } = true;

    /// <summary>True when at least one group is defined.</summary>
    internal bool IsEnabled => Groups.Count > 0;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    internal void Validate()
    {
        if (MaxGroups < 1 || MaxGroups > MaximumMaxGroups)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxGroups),
                MaxGroups,
                string.Create(CultureInfo.InvariantCulture, $"ProcessGroups.{nameof(MaxGroups)} must be between 1 and {MaximumMaxGroups}."));
        }

        for (var i = 0; i < Groups.Count; i++)
        {
            if (Groups[i] is null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ProcessGroups.Groups[{i}] is null."), nameof(Groups));
            }

            // Compiling checks the template, the expressions and the names of the captures the template uses.
            _ = ProcessGroups.Matching.GroupMatcher.Compile(Groups[i], i);
        }
    }

    /// <summary>A deep copy, so that later changes to the caller's objects do not reach a running instrumentation.</summary>
    internal ProcessGroupOptions Clone()
    {
        var copy = new ProcessGroupOptions
        {
            TrackChildren = TrackChildren,
            RemoveEmptyGroups = RemoveEmptyGroups,
            MaxGroups = MaxGroups,
            IncludeThreads = IncludeThreads,
            IncludeProportionalSetSize = IncludeProportionalSetSize,
            UseTaskstats = UseTaskstats,
        };
        foreach (var group in Groups)
        {
            copy.Groups.Add(group?.Clone()!);
        }

        return copy;
    }

    /// <summary>A one-line description for events and for comparing options.</summary>
    internal string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"ProcessGroups=[{string.Join(", ", Groups.Select(g => g?.Describe()))}], TrackChildren={TrackChildren}, RemoveEmptyGroups={RemoveEmptyGroups}, MaxGroups={MaxGroups}, IncludeThreads={IncludeThreads}, IncludeProportionalSetSize={IncludeProportionalSetSize}, UseTaskstats={UseTaskstats}");
}
