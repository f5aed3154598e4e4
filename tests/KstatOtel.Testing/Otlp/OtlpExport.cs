using KstatOtel.Testing.Metrics;

namespace KstatOtel.Testing.Otlp;

/// <summary>One decoded ExportMetricsServiceRequest, as the receiver got it.</summary>
/// <param name="ResourceMetrics">Its resource_metrics entries.</param>
/// <param name="Json">The JSON line the receiver wrote for it (the decoder's own output, for failure messages).</param>
public sealed record OtlpExport(IReadOnlyList<OtlpResourceMetrics> ResourceMetrics, string Json)
{
    /// <summary>Every metric of the request, each carrying its resource attributes and scope.</summary>
    public IEnumerable<CapturedMetric> Metrics => ResourceMetrics.SelectMany(r => r.ScopeMetrics.SelectMany(s => s.Metrics));
}

/// <summary>A resource_metrics entry: the resource and its scopes.</summary>
/// <param name="ResourceAttributes">The resource's attributes.</param>
/// <param name="SchemaUrl">The resource schema URL ("" when none).</param>
/// <param name="ScopeMetrics">The scopes' metrics.</param>
public sealed record OtlpResourceMetrics(IReadOnlyDictionary<string, object?> ResourceAttributes, string SchemaUrl, IReadOnlyList<OtlpScopeMetrics> ScopeMetrics);

/// <summary>A scope_metrics entry.</summary>
/// <param name="Scope">The scope (name, version, schema URL).</param>
/// <param name="ScopeAttributes">The scope's attributes.</param>
/// <param name="Metrics">Its metrics.</param>
public sealed record OtlpScopeMetrics(MetricScope Scope, IReadOnlyDictionary<string, object?> ScopeAttributes, IReadOnlyList<CapturedMetric> Metrics);
