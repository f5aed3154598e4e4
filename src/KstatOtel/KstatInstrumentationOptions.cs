namespace KstatOtel;

/// <summary>
/// Options of <c>AddKstatInstrumentation()</c>. They can be set in code, through
/// <c>services.Configure&lt;KstatInstrumentationOptions&gt;(...)</c>, or bound from configuration.
/// </summary>
public sealed class KstatInstrumentationOptions
{
    /// <summary>The shortest refresh interval accepted: 1 millisecond.</summary>
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>The longest refresh interval accepted: 1 hour.</summary>
    public static readonly TimeSpan MaximumRefreshInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the cached snapshot that every instrument reads is refreshed from the kernel. Default 5 seconds;
    /// from <see cref="MinimumRefreshInterval"/> to <see cref="MaximumRefreshInterval"/>. Collections between two
    /// refreshes see the same values.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The metric families to publish. Default <see cref="KstatMetricFamilies.Default"/>.</summary>
    public KstatMetricFamilies Metrics { get; set; } = KstatMetricFamilies.Default;

    /// <summary>
    /// Where the own process's statistics come from on Linux. Default <see cref="LinuxProcessSource.Automatic"/>:
    /// taskstats when the process holds CAP_NET_ADMIN, procfs otherwise.
    /// </summary>
    public LinuxProcessSource LinuxSource { get; set; } = LinuxProcessSource.Automatic;

    /// <summary>
    /// Also read <c>/proc/self/smaps_rollup</c> for the proportional set size (PSS). Off by default: the kernel walks
    /// every mapping of the process to produce it, which is slow and stalls large processes.
    /// </summary>
    public bool IncludeProportionalSetSize { get; set; }

    /// <summary>The mount point of procfs. Default <c>/proc</c>; set it when the host's procfs is mounted elsewhere.</summary>
    public string ProcfsRoot { get; set; } = "/proc";

    /// <summary>
    /// Process groups (Linux): which processes of the host to track, sorted into named groups, and how. Nothing is
    /// tracked until a group is defined, with <see cref="TrackProcesses(ProcessGroupDefinition[])"/> or from
    /// configuration (<c>"ProcessGroups": { "Groups": [ { "Name": "web", "Comm": [ "nginx" ] } ] }</c>).
    /// </summary>
    public ProcessGroupOptions ProcessGroups { get; private set; } = new();

    /// <summary>
    /// Tracks process groups (Linux): appends <paramref name="groups"/> to <see cref="ProcessGroupOptions.Groups"/>.
    /// Groups are tried in order and the first whose matchers all match takes a process; the other settings (children,
    /// empty groups, the cap on groups, threads) are on <see cref="ProcessGroups"/>.
    /// </summary>
    /// <param name="groups">The group definitions, in the order they are tried.</param>
    /// <returns>These options, for chaining.</returns>
    public KstatInstrumentationOptions TrackProcesses(params ProcessGroupDefinition[] groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var group in groups)
        {
            ArgumentNullException.ThrowIfNull(group, nameof(groups));
            ProcessGroups.Groups.Add(group);
        }

        return this;
    }

    /// <summary>Checks every option and throws <see cref="ArgumentException"/> naming the first one that is invalid.</summary>
    internal void Validate()
    {
        if (RefreshInterval < MinimumRefreshInterval || RefreshInterval > MaximumRefreshInterval)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RefreshInterval),
                RefreshInterval,
                $"{nameof(RefreshInterval)} must be between {MinimumRefreshInterval} and {MaximumRefreshInterval}.");
        }

        if (!Enum.IsDefined(LinuxSource))
        {
            throw new ArgumentOutOfRangeException(nameof(LinuxSource), LinuxSource, $"Unknown {nameof(LinuxProcessSource)} value.");
        }

        if ((Metrics & ~KstatMetricFamilies.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Metrics), Metrics, $"Unknown {nameof(KstatMetricFamilies)} flags.");
        }

        if (string.IsNullOrWhiteSpace(ProcfsRoot) || !ProcfsRoot.StartsWith('/'))
        {
            throw new ArgumentException($"{nameof(ProcfsRoot)} must be an absolute path, not '{ProcfsRoot}'.", nameof(ProcfsRoot));
        }

        if (ProcessGroups is null)
        {
            throw new ArgumentException($"{nameof(ProcessGroups)} must not be null.", nameof(ProcessGroups));
        }

        ProcessGroups.Validate();
    }

    /// <summary>A copy, so that later changes to the caller's object do not reach a running instrumentation.</summary>
    internal KstatInstrumentationOptions Clone()
    {
        var copy = (KstatInstrumentationOptions)MemberwiseClone();
        copy.ProcessGroups = ProcessGroups.Clone();
        return copy;
    }
}
