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
    }

    /// <summary>A copy, so that later changes to the caller's object do not reach a running instrumentation.</summary>
    internal KstatInstrumentationOptions Clone() => (KstatInstrumentationOptions)MemberwiseClone();
}
