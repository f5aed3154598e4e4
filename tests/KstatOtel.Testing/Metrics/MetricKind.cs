namespace KstatOtel.Testing.Metrics;

/// <summary>The OTLP data kind of a metric.</summary>
public enum MetricKind
{
    /// <summary>No data (an OTLP metric without a data field).</summary>
    None,

    /// <summary>A sum: counters (monotonic) and up-down counters (not monotonic).</summary>
    Sum,

    /// <summary>A gauge: the last value observed.</summary>
    Gauge,

    /// <summary>An explicit-bucket histogram.</summary>
    Histogram,

    /// <summary>An exponential histogram.</summary>
    ExponentialHistogram,

    /// <summary>A summary (never produced by the .NET SDK).</summary>
    Summary,
}
