// The Program.cs of a new user's console project (dotnet new console; dotnet add package KstatOtel), written by
// NewUserTests into a temporary folder. Not compiled with the tests. It publishes the process's metrics with
// AddKstatInstrumentation(), does some work, and prints every metric point through a reader of its own, then the
// process's own view of the same quantities (from System.Diagnostics.Process) to compare with, then the export made at
// shutdown.
using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

var refresh = TimeSpan.FromMilliseconds(100);
using var reader = new BaseExportingMetricReader(new LineExporter(Console.Out));
using var meterProvider = Sdk.CreateMeterProviderBuilder()
    .AddKstatInstrumentation(options => options.RefreshInterval = refresh)
    .AddReader(reader)
    .Build();

// Work to be seen: at least 0.3 s of CPU, and 96 MiB of memory touched page by page.
var self = Process.GetCurrentProcess();
var cpuTarget = self.TotalProcessorTime + TimeSpan.FromSeconds(0.3);
var spin = 0UL;
while (true)
{
    for (var i = 0; i < 1_000_000; i++)
    {
        spin = (spin * 6364136223846793005UL) + 1442695040888963407UL;
    }

    self.Refresh();
    if (self.TotalProcessorTime >= cpuTarget)
    {
        break;
    }
}

var block = new byte[96 << 20];
for (var i = 0; i < block.Length; i += 4096)
{
    block[i] = (byte)(spin >> 56 | 1);
}

// A few refreshes later the snapshot holds the work; then the process's own view, then one collection.
Thread.Sleep(refresh * 5);
self.Refresh();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"self\tcpu.time\t{self.TotalProcessorTime.TotalSeconds:R}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"self\tmemory.usage\t{self.WorkingSet64}"));
if (!reader.Collect())
{
    Console.Error.WriteLine("the collection failed");
    return 1;
}

// Disposing the provider (the end of the using scope) makes the reader's last collection: it is printed after this line.
Console.WriteLine("shutdown");
GC.KeepAlive(block);
return 0;

/// <summary>Prints each metric point as one tab-separated line: meter, version, name, unit, type, tags, value.</summary>
internal sealed class LineExporter(TextWriter output) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new List<string>();
                foreach (var tag in point.Tags)
                {
                    tags.Add($"{tag.Key}={Convert.ToString(tag.Value, CultureInfo.InvariantCulture)}");
                }

                var value = metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString(CultureInfo.InvariantCulture),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble().ToString("R", CultureInfo.InvariantCulture),
                    MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture),
                    MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString("R", CultureInfo.InvariantCulture),
                    _ => $"unsupported {metric.MetricType}",
                };
                output.WriteLine($"metric\t{metric.MeterName}\t{metric.MeterVersion}\t{metric.Name}\t{metric.Unit}\t{metric.MetricType}\t{string.Join(',', tags)}\t{value}");
            }
        }

        output.Flush();
        return ExportResult.Success;
    }
}
