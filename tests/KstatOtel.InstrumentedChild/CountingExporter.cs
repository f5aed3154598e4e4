using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.InstrumentedChild;

/// <summary>An in-process exporter (no thread, no socket) that counts what the KstatOtel meter published at the last collection.</summary>
internal sealed class CountingExporter : BaseExporter<Metric>
{
    public static readonly CountingExporter Instance = new();

    private long collections;

    public int Metrics { get; private set; }

    /// <summary>Exports so far.</summary>
    public long Collections => Interlocked.Read(ref collections);

    public int Points { get; private set; }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        int metrics = 0, points = 0;
        foreach (var metric in batch)
        {
            if (metric.MeterName != "KstatOtel")
            {
                continue;
            }

            metrics++;
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                _ = point.StartTime;
                points++;
            }
        }

        Metrics = metrics;
        Points = points;
        Interlocked.Increment(ref collections);
        return ExportResult.Success;
    }
}
