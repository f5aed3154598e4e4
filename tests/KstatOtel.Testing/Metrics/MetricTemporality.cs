namespace KstatOtel.Testing.Metrics;

/// <summary>The aggregation temporality of a sum or histogram; gauges have none.</summary>
public enum MetricTemporality
{
    /// <summary>Not applicable (gauges) or not set.</summary>
    Unspecified,

    /// <summary>Each point covers the time since the previous export.</summary>
    Delta,

    /// <summary>Each point covers the time since the start.</summary>
    Cumulative,
}
