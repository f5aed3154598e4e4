using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Harness;

/// <summary>What both capture routes must show for <see cref="HarnessMeter"/>.</summary>
internal static class HarnessAssertions
{
    public static void AssertHarnessMetrics(IReadOnlyList<CapturedMetric> metrics, string meterName, MetricTemporality sumTemporality)
    {
        var now = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var requests = Single(metrics, "harness.requests");
        Assert.Equal("{request}", requests.Unit);
        Assert.Equal("Requests handled", requests.Description);
        Assert.Equal(MetricKind.Sum, requests.Kind);
        Assert.True(requests.IsMonotonic);
        Assert.Equal(sumTemporality, requests.Temporality);
        Assert.Equal(2, requests.Points.Count);
        Assert.Equal(8, requests.Point(("http.request.method", "GET")).LongValue);
        Assert.Equal(4, requests.Point(("http.request.method", "POST")).LongValue);
        Assert.Null(requests.Point(("http.request.method", "GET")).DoubleValue);

        var queue = Single(metrics, "harness.queue.length");
        Assert.Equal("{item}", queue.Unit);
        Assert.Equal(MetricKind.Sum, queue.Kind);
        Assert.False(queue.IsMonotonic);
        Assert.Equal(7, queue.Point(("queue", "main")).LongValue);

        var temperature = Single(metrics, "harness.temperature");
        Assert.Equal("Cel", temperature.Unit);
        Assert.Equal("Room temperature", temperature.Description);
        Assert.Equal(MetricKind.Gauge, temperature.Kind);
        Assert.False(temperature.IsMonotonic);
        Assert.Equal(MetricTemporality.Unspecified, temperature.Temporality);
        var point = Assert.Single(temperature.Points);
        Assert.Equal(21.5, point.DoubleValue);
        Assert.Null(point.LongValue);
        Assert.Equal("lab", point.Attribute("room"));
        Assert.Equal(3L, point.Attribute("floor"));
        Assert.Equal(true, point.Attribute("heated"));
        Assert.Equal(0.25, point.Attribute("ratio"));
        Assert.InRange(point.TimeUnixNano, now - 60_000_000_000UL, now + 60_000_000_000UL);

        var duration = Single(metrics, "harness.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(MetricKind.Histogram, duration.Kind);
        Assert.Equal(sumTemporality, duration.Temporality);
        var histogram = Assert.Single(duration.Points).Histogram;
        Assert.NotNull(histogram);
        Assert.Equal(3ul, histogram!.Count);
        Assert.Equal(7.3, histogram.Sum, 9);
        Assert.Equal(0.1, histogram.Min);
        Assert.Equal(7.0, histogram.Max);
        Assert.Equal(histogram.ExplicitBounds.Count + 1, histogram.BucketCounts.Count);
        Assert.Equal(3ul, histogram.BucketCounts.Aggregate(0ul, (a, b) => a + b));

        foreach (var metric in new[] { requests, queue, temperature, duration })
        {
            Assert.Equal(meterName, metric.Scope.Name);
            Assert.Equal(HarnessMeter.Version, metric.Scope.Version);
            Assert.Equal(HarnessMeter.SchemaUrl, metric.Scope.SchemaUrl);
            Assert.Equal("harness-test", metric.ResourceAttributes["service.name"]);
            foreach (var p in metric.Points)
            {
                Assert.True(p.TimeUnixNano >= p.StartTimeUnixNano, $"{metric.Name}: time {p.TimeUnixNano} before start {p.StartTimeUnixNano}");
                Assert.InRange(p.TimeUnixNano, now - 60_000_000_000UL, now + 60_000_000_000UL);
            }
        }

        foreach (var metric in new[] { requests, queue, duration })
        {
            Assert.All(metric.Points, p => Assert.True(p.StartTimeUnixNano > 0, $"{metric.Name} has a start time"));
        }
    }

    private static CapturedMetric Single(IReadOnlyList<CapturedMetric> metrics, string name)
    {
        var found = metrics.Where(m => m.Name == name).ToList();
        Assert.True(found.Count >= 1, $"{name} was not exported; got {string.Join(", ", metrics.Select(m => m.Name))}");
        return found[^1];
    }
}
