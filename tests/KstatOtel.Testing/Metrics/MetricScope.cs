namespace KstatOtel.Testing.Metrics;

/// <summary>The instrumentation scope (the Meter) a metric came from.</summary>
/// <param name="Name">The meter name.</param>
/// <param name="Version">The meter version, or null when none was set.</param>
/// <param name="SchemaUrl">The schema URL, or null when none was set.</param>
public sealed record MetricScope(string Name, string? Version, string? SchemaUrl);
