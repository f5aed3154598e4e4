using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace SelfMonitoring;

/// <summary>
/// A small exporter that shows each collection as a readable table on the console: one line per series, with its
/// attributes, value and unit. (OpenTelemetry's console exporter is not available here, and it prints far more.)
/// </summary>
internal sealed class ConsoleMetricView : BaseExporter<Metric>
{
    private readonly TextWriter output;
    private readonly bool clearScreen;
    private int exports;

    public ConsoleMetricView(TextWriter output, bool clearScreen)
    {
        this.output = output;
        this.clearScreen = clearScreen;
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var text = new StringBuilder();
        exports++;
        text.AppendLine(CultureInfo.InvariantCulture, $"KstatOtel self-monitoring, collection {exports} at {DateTime.Now:HH:mm:ss} (Ctrl+C to stop)");
        text.AppendLine(new string('-', 100));
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var attributes = new StringBuilder();
                foreach (var tag in point.Tags)
                {
                    attributes.Append(attributes.Length == 0 ? string.Empty : ", ").Append(tag.Key).Append('=').Append(tag.Value);
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"{metric.Name,-44} {attributes,-36} {Format(metric, point),16} {metric.Unit}");
            }
        }

        if (clearScreen)
        {
            output.Write("\u001b[H\u001b[2J");
        }

        output.Write(text.ToString());
        output.Flush();
        return ExportResult.Success;
    }

    private static string Format(Metric metric, in MetricPoint point) => metric.MetricType switch
    {
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble().ToString("0.###", CultureInfo.InvariantCulture),
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString("N0", CultureInfo.InvariantCulture),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString("0.###", CultureInfo.InvariantCulture),
        MetricType.LongGauge => point.GetGaugeLastValueLong().ToString("N0", CultureInfo.InvariantCulture),
        _ => $"({metric.MetricType})",
    };
}
