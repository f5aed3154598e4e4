using System.Diagnostics.Metrics;

namespace KstatOtel.Tests.Harness;

/// <summary>
/// A plain Meter with one instrument of each kind, for the harness tests. <see cref="Record"/> records known values;
/// call it after the MeterProvider is built (the SDK aggregates only what is recorded once it listens).
/// </summary>
internal sealed class HarnessMeter : IDisposable
{
    private readonly Counter<long> _requests;
    private readonly UpDownCounter<long> _queue;
    private readonly Histogram<double> _duration;

    public const string Version = "1.2.3";
    public const string SchemaUrl = "https://opentelemetry.io/schemas/1.29.0";

    public HarnessMeter()
    {
        Name = "KstatOtel.Tests.Harness." + Guid.NewGuid().ToString("N");
        Meter = new Meter(new MeterOptions(Name) { Version = Version, TelemetrySchemaUrl = SchemaUrl });

        _requests = Meter.CreateCounter<long>("harness.requests", "{request}", "Requests handled");
        _queue = Meter.CreateUpDownCounter<long>("harness.queue.length", "{item}", "Items waiting");
        _duration = Meter.CreateHistogram<double>("harness.duration", "s", "Time taken");

        Meter.CreateObservableGauge(
            "harness.temperature",
            () => new Measurement<double>(
                21.5,
                new KeyValuePair<string, object?>("room", "lab"),
                new KeyValuePair<string, object?>("floor", 3),
                new KeyValuePair<string, object?>("heated", true),
                new KeyValuePair<string, object?>("ratio", 0.25)),
            "Cel",
            "Room temperature");
    }

    public string Name { get; }

    public Meter Meter { get; }

    /// <summary>Requests GET 3+5, POST 4; queue +10-3; durations 0.1, 0.2 and 7 s.</summary>
    public void Record()
    {
        _requests.Add(3, new KeyValuePair<string, object?>("http.request.method", "GET"));
        _requests.Add(4, new KeyValuePair<string, object?>("http.request.method", "POST"));
        _requests.Add(5, new KeyValuePair<string, object?>("http.request.method", "GET"));
        _queue.Add(10, new KeyValuePair<string, object?>("queue", "main"));
        _queue.Add(-3, new KeyValuePair<string, object?>("queue", "main"));
        _duration.Record(0.1);
        _duration.Record(0.2);
        _duration.Record(7.0);
    }

    public void Dispose() => Meter.Dispose();
}
