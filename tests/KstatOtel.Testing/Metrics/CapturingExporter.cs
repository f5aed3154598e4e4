using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Testing.Metrics;

/// <summary>Copies every exported <see cref="Metric"/> into the <see cref="CapturedMetric"/> model.</summary>
internal sealed class CapturingExporter : BaseExporter<Metric>
{
    private readonly Action<IReadOnlyList<CapturedMetric>> _onExport;

    public CapturingExporter(Action<IReadOnlyList<CapturedMetric>> onExport)
    {
        _onExport = onExport;
    }

    /// <summary>True once the reader is part of a MeterProvider.</summary>
    public bool IsAttached => ParentProvider is not null;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var resource = ParentProvider?.GetResource() is { } r
            ? AttributeValues.ToDictionary(r.Attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value)))
            : new Dictionary<string, object?>();
        var metrics = new List<CapturedMetric>();
        foreach (var metric in batch)
        {
            metrics.Add(Copy(metric, resource));
        }

        _onExport(metrics);
        return ExportResult.Success;
    }

    private static CapturedMetric Copy(Metric metric, IReadOnlyDictionary<string, object?> resource)
    {
        var type = metric.MetricType;
        var kind = type switch
        {
            _ when type.IsSum() => MetricKind.Sum,
            _ when type.IsGauge() => MetricKind.Gauge,
            MetricType.ExponentialHistogram => MetricKind.ExponentialHistogram,
            _ when type.IsHistogram() => MetricKind.Histogram,
            _ => MetricKind.None,
        };
        var monotonic = type is MetricType.LongSum or MetricType.DoubleSum;
        var temporality = kind == MetricKind.Gauge
            ? MetricTemporality.Unspecified
            : metric.Temporality == AggregationTemporality.Delta ? MetricTemporality.Delta : MetricTemporality.Cumulative;

        var points = new List<CapturedPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var attributes = new List<KeyValuePair<string, object?>>();
            foreach (var tag in point.Tags)
            {
                attributes.Add(tag);
            }

            long? longValue = null;
            double? doubleValue = null;
            CapturedHistogram? histogram = null;
            switch (type)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    longValue = point.GetSumLong();
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    doubleValue = point.GetSumDouble();
                    break;
                case MetricType.LongGauge:
                    longValue = point.GetGaugeLastValueLong();
                    break;
                case MetricType.DoubleGauge:
                    doubleValue = point.GetGaugeLastValueDouble();
                    break;
                case MetricType.Histogram:
                {
                    var bounds = new List<double>();
                    var counts = new List<ulong>();
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        if (!double.IsPositiveInfinity(bucket.ExplicitBound))
                        {
                            bounds.Add(bucket.ExplicitBound);
                        }

                        counts.Add((ulong)bucket.BucketCount);
                    }

                    var hasMinMax = point.TryGetHistogramMinMaxValues(out var min, out var max);
                    histogram = new CapturedHistogram((ulong)point.GetHistogramCount(), point.GetHistogramSum(), hasMinMax ? min : null, hasMinMax ? max : null, bounds, counts);
                    break;
                }

                case MetricType.ExponentialHistogram:
                {
                    var hasMinMax = point.TryGetHistogramMinMaxValues(out var min, out var max);
                    histogram = new CapturedHistogram((ulong)point.GetHistogramCount(), point.GetHistogramSum(), hasMinMax ? min : null, hasMinMax ? max : null, [], []);
                    break;
                }
            }

            points.Add(new CapturedPoint(
                AttributeValues.ToDictionary(attributes),
                longValue,
                doubleValue,
                histogram,
                UnixNanos(point.StartTime),
                UnixNanos(point.EndTime)));
        }

        return new CapturedMetric(
            metric.Name,
            metric.Unit ?? string.Empty,
            metric.Description ?? string.Empty,
            kind,
            monotonic,
            temporality,
            new MetricScope(metric.MeterName, metric.MeterVersion, metric.MeterSchemaUrl),
            resource,
            points);
    }

    private static ulong UnixNanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
