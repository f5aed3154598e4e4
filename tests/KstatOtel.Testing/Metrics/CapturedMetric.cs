namespace KstatOtel.Testing.Metrics;

/// <summary>
/// One metric as exported: from the SDK through <see cref="MetricCapture"/>, or decoded from OTLP by
/// <see cref="Otlp.OtlpReceiver"/>. Both fill the same model so a test can assert on either.
/// </summary>
/// <param name="Name">The instrument name.</param>
/// <param name="Unit">The unit ("" when none).</param>
/// <param name="Description">The description ("" when none).</param>
/// <param name="Kind">Sum, gauge, histogram...</param>
/// <param name="IsMonotonic">True for a monotonic sum (counters); false otherwise.</param>
/// <param name="Temporality">Delta or cumulative for sums and histograms; unspecified for gauges.</param>
/// <param name="Scope">The meter the metric came from.</param>
/// <param name="ResourceAttributes">The attributes of the resource that exported it.</param>
/// <param name="Points">The data points.</param>
public sealed record CapturedMetric(
    string Name,
    string Unit,
    string Description,
    MetricKind Kind,
    bool IsMonotonic,
    MetricTemporality Temporality,
    MetricScope Scope,
    IReadOnlyDictionary<string, object?> ResourceAttributes,
    IReadOnlyList<CapturedPoint> Points)
{
    /// <summary>The single point with all of <paramref name="attributes"/>; throws when there is not exactly one.</summary>
    public CapturedPoint Point(params (string Key, object Value)[] attributes)
    {
        var matches = Points.Where(p => p.HasAttributes(attributes)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{Name}: {matches.Count} points match [{string.Join(", ", attributes.Select(a => $"{a.Key}={a.Value}"))}] among {Points.Count}.");
    }
}
