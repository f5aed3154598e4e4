using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KstatOtel.Tests.Harness;

public class MetricCaptureTests
{
    [Fact]
    public void CollectCopiesWhatTheProviderHas()
    {
        using var meter = new HarnessMeter();
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("harness-test"))
            .AddMeter(meter.Name)
            .AddReader(capture.Reader)
            .Build();

        meter.Record();
        var metrics = capture.Collect();
        HarnessAssertions.AssertHarnessMetrics(metrics, meter.Name, MetricTemporality.Cumulative);
        Assert.Single(capture.Exports);

        // Copies stay valid after the SDK reuses its Metric objects: record more and collect again.
        meter.Meter.CreateCounter<long>("harness.late").Add(1);
        var second = capture.Collect();
        Assert.Equal(8, metrics.Single(m => m.Name == "harness.requests").Point(("http.request.method", "GET")).LongValue);
        Assert.Equal(2, capture.Exports.Count);
        Assert.Equal(1, capture.Get("harness.late").Points[0].LongValue);
        Assert.Same(second, capture.Latest);
        Assert.Null(capture.Find("no.such.metric"));
        Assert.Contains("harness.requests", Assert.Throws<InvalidOperationException>(() => capture.Get("no.such.metric")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForceFlushExportsToo()
    {
        using var meter = new HarnessMeter();
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("harness-test"))
            .AddMeter(meter.Name)
            .AddReader(capture.Reader)
            .Build();

        meter.Record();
        Assert.True(provider.ForceFlush(10_000));
        HarnessAssertions.AssertHarnessMetrics(capture.Latest, meter.Name, MetricTemporality.Cumulative);
    }

    [Fact]
    public void DeltaTemporalityGivesIncrementsPerCollection()
    {
        using var meter = new HarnessMeter();
        using var capture = new MetricCapture(MetricReaderTemporalityPreference.Delta);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("harness-test"))
            .AddMeter(meter.Name)
            .AddReader(capture.Reader)
            .Build();

        meter.Record();
        HarnessAssertions.AssertHarnessMetrics(capture.Collect(), meter.Name, MetricTemporality.Delta);
        capture.Clear();
        Assert.Empty(capture.Exports);
        var again = capture.Collect();
        var requests = again.SingleOrDefault(m => m.Name == "harness.requests");
        Assert.True(requests is null || requests.Points.All(p => p.LongValue == 0), "no new requests were recorded");
    }

    [Fact]
    public void CollectWithoutAProviderFailsClearly()
    {
        using var capture = new MetricCapture();
        var error = Assert.Throws<InvalidOperationException>(() => capture.Collect(1000));
        Assert.Contains("MeterProvider", error.Message, StringComparison.Ordinal);
    }
}
