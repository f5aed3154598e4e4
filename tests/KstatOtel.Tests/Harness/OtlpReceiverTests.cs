using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Otlp;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KstatOtel.Tests.Harness;

public class OtlpReceiverTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MetricsExportedWithOtlpArriveDecoded()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var meter = new HarnessMeter();
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("harness-test"))
            .AddMeter(meter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = receiver.MetricsEndpoint;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build())
        {
            meter.Record();
            Assert.True(provider.ForceFlush(10_000));
            var metrics = await receiver.WaitUntilAsync(m => m.Any(x => x.Name == "harness.duration") && m.Any(x => x.Name == "harness.temperature"), Wait);
            HarnessAssertions.AssertHarnessMetrics(metrics, meter.Name, MetricTemporality.Cumulative);
        }

        var export = receiver.Exports[^1];
        Assert.Contains("\"resourceMetrics\"", export.Json, StringComparison.Ordinal);
        Assert.Equal("harness-test", export.ResourceMetrics[0].ResourceAttributes["service.name"]);
        Assert.Equal(meter.Name, Assert.Single(export.ResourceMetrics[0].ScopeMetrics).Scope.Name);
    }

    [Fact]
    public async Task DeltaTemporalityArrivesAsDelta()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var meter = new HarnessMeter();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("harness-test"))
            .AddMeter(meter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = receiver.MetricsEndpoint;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
            })
            .Build();
        meter.Record();
        Assert.True(provider.ForceFlush(10_000));
        var requests = await receiver.WaitForMetricAsync("harness.requests", Wait);
        Assert.Equal(MetricTemporality.Delta, requests.Temporality);
        Assert.True(requests.IsMonotonic);
        Assert.Equal(8, requests.Point(("http.request.method", "GET")).LongValue);
    }

    [Fact]
    public async Task GzipBodiesDecodeAndBadBodiesGet400()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var client = new HttpClient();

        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(HandEncodedRequest("gz.test", 42));
        }

        using var gzipContent = new ByteArrayContent(gzipped.ToArray());
        gzipContent.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        gzipContent.Headers.ContentEncoding.Add("gzip");
        using var ok = await client.PostAsync(receiver.MetricsEndpoint, gzipContent);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/x-protobuf", ok.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await ok.Content.ReadAsByteArrayAsync()); // An empty ExportMetricsServiceResponse encodes to no bytes.

        var metric = await receiver.WaitForMetricAsync("gz.test", Wait);
        Assert.Equal(MetricKind.Gauge, metric.Kind);
        Assert.Equal(42, Assert.Single(metric.Points).LongValue);

        using var garbage = new ByteArrayContent("this is not protobuf \xff"u8.ToArray());
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var bad = await client.PostAsync(receiver.MetricsEndpoint, garbage);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cannot decode", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("decode failure", receiver.ServerLog, StringComparison.Ordinal);

        using var wrongPath = await client.PostAsync(new Uri(receiver.Endpoint, "/v1/traces"), new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.NotFound, wrongPath.StatusCode);

        // Still serving after the bad requests.
        using var again = new ByteArrayContent(HandEncodedRequest("after.bad", 7));
        again.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var ok2 = await client.PostAsync(receiver.MetricsEndpoint, again);
        Assert.Equal(HttpStatusCode.OK, ok2.StatusCode);
        Assert.Equal(7, Assert.Single((await receiver.WaitForMetricAsync("after.bad", Wait)).Points).LongValue);
    }

    [Fact]
    public async Task TheServerEndsWithTheReceiver()
    {
        Uri endpoint;
        await using (var receiver = await OtlpReceiver.StartAsync())
        {
            endpoint = receiver.MetricsEndpoint;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(endpoint, new ByteArrayContent([])));
    }

    [Fact]
    public async Task WaitingForAMetricThatNeverComesTimesOutWithWhatArrived()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => receiver.WaitForMetricAsync("never.sent", TimeSpan.FromMilliseconds(300)));
        Assert.Contains("Received 0 request(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingNpmPackagesGiveAClearMessage()
    {
        var empty = Directory.CreateTempSubdirectory("otlp-receiver-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OtlpReceiver.StartAsync(empty));
            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    /// <summary>
    /// ExportMetricsServiceRequest { resource_metrics { scope_metrics { metrics { name, gauge { data_points { as_int } } } } } },
    /// encoded by hand so the receiver is tested with bytes no .NET exporter produced.
    /// </summary>
    private static byte[] HandEncodedRequest(string name, long value)
    {
        byte[] point = [0x31, .. BitConverter.GetBytes(value)]; // as_int: field 6, fixed64
        byte[] gauge = [0x0A, (byte)point.Length, .. point]; // data_points: field 1
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        byte[] metric = [0x0A, (byte)nameBytes.Length, .. nameBytes, 0x2A, (byte)gauge.Length, .. gauge]; // name: 1, gauge: 5
        byte[] scope = [0x12, (byte)metric.Length, .. metric]; // ScopeMetrics.metrics: field 2
        byte[] resource = [0x12, (byte)scope.Length, .. scope]; // ResourceMetrics.scope_metrics: field 2
        return [0x0A, (byte)resource.Length, .. resource]; // resource_metrics: field 1
    }
}
