using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ProcessGroups;

// A live top-like table of process groups (process-exporter for OpenTelemetry), refreshed by KstatOtel.
// Exports OTLP (http/protobuf) too when OTEL_EXPORTER_OTLP_ENDPOINT is set or --otlp URL is given.
//   dotnet run --project examples/ProcessGroups -- --group web --comm nginx --group workers --cmdline 'worker-(?<id>\d+)'
// Run it as root (or with CAP_NET_ADMIN) to count processes that start and end between two refreshes.
var line = CommandLine.Parse(args);
if (line is null)
{
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
if (line.Duration is { } duration)
{
    stop.CancelAfter(duration);
}

var builder = Sdk.CreateMeterProviderBuilder()
    .ConfigureResource(r => r.AddService("kstatotel-processgroups"))
    .AddKstatInstrumentation(line.Apply)
    .AddReader(new PeriodicExportingMetricReader(new GroupTable(Console.Out, line.Clear, line.Lines), line.IntervalMs)
    {
        TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
    });

var otlpEndpoint = line.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
if (!string.IsNullOrEmpty(otlpEndpoint))
{
    builder.AddOtlpExporter((exporter, reader) =>
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(otlpEndpoint.TrimEnd('/') + "/v1/metrics");
        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = line.IntervalMs;
    });
    Console.Error.WriteLine($"Exporting OTLP (http/protobuf) to {otlpEndpoint} every {line.IntervalMs} ms.");
}

try
{
    using var provider = builder.Build();
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    // A last collection before leaving, so short runs still show (and deliver) everything.
    provider.ForceFlush();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

return 0;
