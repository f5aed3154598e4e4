using System.Diagnostics;
using KstatOtel.InstrumentedChild;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

// An instrumented child process for the tests; the command line is in ChildOptions.Usage.
ChildOptions? options;
try
{
    options = ChildOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    options = null;
}

if (options is null)
{
    Console.Error.WriteLine(ChildOptions.Usage);
    return 2;
}

using var events = new EventPrinter();
var provider = Sdk.CreateMeterProviderBuilder()
    .ConfigureResource(r => r.AddService("kstatotel-instrumented-child"))
    .AddKstatInstrumentation(o =>
    {
        o.LinuxSource = options.Source;
        o.Metrics = options.Metrics;
        o.IncludeProportionalSetSize = options.Pss;
        o.RefreshInterval = TimeSpan.FromMilliseconds(options.RefreshMs);
    })
    .AddOtlpExporter((exporter, reader) =>
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(options.Otlp!.TrimEnd('/') + "/v1/metrics");
        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.ExportMs;
        reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
    })
    .Build();

if (options.BurnMs > 0)
{
    var until = Stopwatch.GetTimestamp() + (options.BurnMs * Stopwatch.Frequency / 1000);
    var x = 0UL;
    while (Stopwatch.GetTimestamp() < until)
    {
        x = (x * 6364136223846793005UL) + 1442695040888963407UL;
    }

    GC.KeepAlive(x);
}

if (options.DirectReadFile is { } file)
{
    var read = DirectRead.Run(file, options.DirectReadBytes);
    Console.Out.WriteLine($"direct-read {read}");
}

// Let a refresh pick the work up before the test looks.
Thread.Sleep(3 * options.RefreshMs);
Console.Out.WriteLine($"ready {Environment.ProcessId}");
Console.Out.Flush();

string? line;
while ((line = Console.In.ReadLine()) is not null)
{
    if (line.Trim() == "flush")
    {
        var flushed = provider.ForceFlush(10_000);
        Console.Out.WriteLine(flushed ? "flushed" : "flush-failed");
        Console.Out.Flush();
    }
}

provider.Dispose();
Console.Out.WriteLine("disposed");
return 0;
