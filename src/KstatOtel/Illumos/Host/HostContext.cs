namespace KstatOtel.Illumos.Host;

/// <summary>What the collectors of one host module share.</summary>
internal sealed class HostContext
{
    public HostContext(KstatInstrumentationOptions options, Func<double>? unixTimeSeconds = null)
    {
        Options = options;
        UnixTimeSeconds = unixTimeSeconds ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
    }

    public KstatInstrumentationOptions Options { get; }

    /// <summary>The readers of NAMED kstats, shared so each kstat is read once per refresh.</summary>
    public NamedKstatCache Readers { get; } = new();

    public MetricAvailability Availability { get; } = new();

    /// <summary>The page size of the system, for kstats counted in pages (unix:0:system_pages).</summary>
    public long PageSize { get; } = Environment.SystemPageSize;

    /// <summary>The current time, seconds since the Unix epoch (for system.uptime from boot_time).</summary>
    public Func<double> UnixTimeSeconds { get; }

    public bool Has(KstatMetricFamilies family) => (Options.Metrics & family) != 0;
}
