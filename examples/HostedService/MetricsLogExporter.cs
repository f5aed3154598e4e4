using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace HostedService;

/// <summary>Writes one line per series of each collection to stdout: what the host publishes, readable.</summary>
internal sealed class MetricsLogExporter : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var text = new StringBuilder();
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var attributes = new StringBuilder();
                foreach (var tag in point.Tags)
                {
                    attributes.Append(attributes.Length == 0 ? "{" : ", ").Append(tag.Key).Append('=').Append(tag.Value);
                }

                if (attributes.Length > 0)
                {
                    attributes.Append('}');
                }

                var value = metric.MetricType switch
                {
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble().ToString("0.###", CultureInfo.InvariantCulture),
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString(CultureInfo.InvariantCulture),
                    MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString("0.###", CultureInfo.InvariantCulture),
                    MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture),
                    _ => metric.MetricType.ToString(),
                };
                text.AppendLine(CultureInfo.InvariantCulture, $"metric {metric.Name}{attributes} {value} {metric.Unit}");
            }
        }

        Console.Out.Write(text.ToString());
        Console.Out.Flush();
        return ExportResult.Success;
    }
}
