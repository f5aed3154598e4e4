using KstatOtel.Illumos.Host;

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

    /// <summary>
    /// The mount point of procfs. Default <c>/proc</c>; set it when the host's procfs is mounted elsewhere. On illumos
    /// and Solaris the own process is read from <c>ROOT/self/psinfo</c> and <c>ROOT/self/usage</c>; a folder holding
    /// those two files in the illumos binary layout is read that way on any system.
    /// </summary>
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

    /// <summary>
    /// The libkstat to load for the illumos/Solaris host metrics. Null (the default) uses the environment variable
    /// <c>KSTATOTEL_LIBKSTAT_PATH</c>, then <c>libkstat.so.1</c>. The host metrics are published on illumos and
    /// Solaris, and on any other system where this option or that variable names a libkstat-compatible library
    /// (such as the repository's stand-in serving <c>kstat -p</c> captures).
    /// </summary>
    public string? KstatLibraryPath { get; set; }

    /// <summary>
    /// Adds the <c>cpu.logical_number</c> attribute to <c>system.cpu.time</c> (illumos/Solaris host): one series per
    /// CPU and mode instead of one per mode summed over the CPUs. Off by default (a host with many CPUs makes many series).
    /// </summary>
    public bool IncludeCpuLogicalNumber { get; set; }

    /// <summary>The statistics added with <see cref="AddKstat"/>, in the order they were added.</summary>
    internal List<KstatStatisticSpec> KstatStatistics { get; private set; } = [];

    /// <summary>
    /// Publishes any named kstat statistic as an instrument of its own (illumos/Solaris host), for statistics the
    /// built-in instruments do not cover. <paramref name="statistic"/> is <c>module:instance:name:statistic</c>, as
    /// <c>kstat -p</c> prints it; module, instance and name may be <c>*</c> (or, in module and name, a glob with
    /// <c>*</c> and <c>?</c>), and each part given with a wildcard becomes an attribute of the series
    /// (<c>kstatotel.kstat.module</c>, <c>kstatotel.kstat.instance</c>, <c>kstatotel.kstat.name</c>). Values are
    /// published as doubles; text statistics are not published. Example:
    /// <c>options.AddKstat("zfs:0:arcstats:l2_size", "zfs.arc.l2.size", "By", KstatInstrumentKind.UpDownCounter)</c>.
    /// </summary>
    /// <param name="statistic">The statistic, <c>module:instance:name:statistic</c>.</param>
    /// <param name="name">The instrument name.</param>
    /// <param name="unit">The instrument unit (UCUM, as OpenTelemetry uses: "By", "s", "{packet}"...).</param>
    /// <param name="kind">Counter, up-down counter or gauge.</param>
    /// <param name="description">The instrument description; null for one naming the statistic.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">The statistic is not of the form <c>module:instance:name:statistic</c>, or the name is empty or already used.</exception>
    public KstatInstrumentationOptions AddKstat(string statistic, string name, string unit, KstatInstrumentKind kind, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(unit);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown {nameof(KstatInstrumentKind)} value.");
        }

        if (KstatStatistics.Exists(s => s.InstrumentName == name))
        {
            throw new ArgumentException($"An instrument named '{name}' was already added with {nameof(AddKstat)}.", nameof(name));
        }

        KstatStatistics.Add(KstatStatisticSpec.Parse(statistic, name, unit, kind, description));
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

        if (KstatLibraryPath is not null && string.IsNullOrWhiteSpace(KstatLibraryPath))
        {
            throw new ArgumentException($"{nameof(KstatLibraryPath)} must be null or the path of a libkstat, not '{KstatLibraryPath}'.", nameof(KstatLibraryPath));
        }
    }

    /// <summary>A copy, so that later changes to the caller's object do not reach a running instrumentation.</summary>
    internal KstatInstrumentationOptions Clone()
    {
        var copy = (KstatInstrumentationOptions)MemberwiseClone();
        copy.ProcessGroups = ProcessGroups.Clone();
        copy.KstatStatistics = [.. KstatStatistics];
        return copy;
    }
}
