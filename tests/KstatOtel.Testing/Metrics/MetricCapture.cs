using OpenTelemetry.Metrics;

namespace KstatOtel.Testing.Metrics;

/// <summary>
/// Captures what a MeterProvider exports, for assertions (the SDK's in-memory exporter is not on the registry).
/// Add <see cref="Reader"/> to the provider (<c>.AddReader(capture.Reader)</c>), then call <see cref="Collect"/>
/// (or <c>provider.ForceFlush()</c>): each export is copied out of the SDK's reused Metric objects into
/// <see cref="CapturedMetric"/> records that stay valid afterwards.
/// </summary>
public sealed class MetricCapture : IDisposable
{
    private readonly object _gate = new();
    private readonly List<IReadOnlyList<CapturedMetric>> _exports = [];
    private readonly CapturingExporter _exporter;
    private int _exportCount;

    /// <param name="temporality">The reader's temporality preference (cumulative by default, as OTLP exporters use).</param>
    public MetricCapture(MetricReaderTemporalityPreference temporality = MetricReaderTemporalityPreference.Cumulative)
    {
        _exporter = new CapturingExporter(OnExport);
        Reader = new BaseExportingMetricReader(_exporter)
        {
            TemporalityPreference = temporality,
        };
    }

    /// <summary>The reader to add to a MeterProvider. It exports only when collected (no timer).</summary>
    public MetricReader Reader { get; }

    /// <summary>Every export so far, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<CapturedMetric>> Exports
    {
        get
        {
            lock (_gate)
            {
                return _exports.ToList();
            }
        }
    }

    /// <summary>The metrics of the latest export (empty before the first).</summary>
    public IReadOnlyList<CapturedMetric> Latest
    {
        get
        {
            lock (_gate)
            {
                return _exports.Count == 0 ? [] : _exports[^1];
            }
        }
    }

    /// <summary>
    /// Collects now and returns what was exported. Throws when the collection fails, times out or exports nothing
    /// (a reader not added to a live MeterProvider collects nothing).
    /// </summary>
    public IReadOnlyList<CapturedMetric> Collect(int timeoutMilliseconds = 10_000)
    {
        if (!_exporter.IsAttached)
        {
            throw new InvalidOperationException("This capture's reader is not part of a MeterProvider; add it with AddReader(capture.Reader).");
        }

        int before;
        lock (_gate)
        {
            before = _exportCount;
        }

        if (!Reader.Collect(timeoutMilliseconds))
        {
            throw new InvalidOperationException("MetricReader.Collect failed or timed out; is the reader added to a live MeterProvider?");
        }

        lock (_gate)
        {
            if (_exportCount == before)
            {
                throw new InvalidOperationException("MetricReader.Collect exported nothing; add capture.Reader to a MeterProvider (AddReader) that is not disposed.");
            }
        }

        return Latest;
    }

    /// <summary>The metric named <paramref name="name"/> in the latest export, or null.</summary>
    public CapturedMetric? Find(string name) => Latest.FirstOrDefault(m => m.Name == name);

    /// <summary>The metric named <paramref name="name"/> in the latest export; throws, listing what was exported, when absent.</summary>
    public CapturedMetric Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"No metric '{name}' in the latest export; it has: {string.Join(", ", Latest.Select(m => m.Name))}.");

    /// <summary>Forgets the exports captured so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _exports.Clear();
        }
    }

    public void Dispose() => Reader.Dispose();

    private void OnExport(IReadOnlyList<CapturedMetric> metrics)
    {
        lock (_gate)
        {
            _exports.Add(metrics);
            _exportCount++;
        }
    }
}
