using KstatOtel;
using KstatOtel.Examples;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SelfMonitoring;

// Shows this process's own kernel statistics, refreshed in the background by KstatOtel, every few seconds.
// Exports them over OTLP (http/protobuf) too when OTEL_EXPORTER_OTLP_ENDPOINT is set or --otlp URL is given.
//   dotnet run --project examples/SelfMonitoring -- [--otlp http://localhost:4318] [--interval-ms 3000]
//                                                   [--duration-s N] [--no-view] [--no-clear] [--all]
//                                                   [--kstat-fixture FILE[,FILE...]] [--kstat-library PATH]
// With --kstat-fixture it also publishes the illumos host metrics, read from kstat -p captures through the
// libkstat stand-in (as on illumos and Solaris, where they come from the real libkstat).
var options = CommandLine.Parse(args);
if (options is null)
{
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
if (options.Duration is { } duration)
{
    stop.CancelAfter(duration);
}

string? kstatLibrary = null;
if (options.KstatFixtures is not null)
{
    // The illumos path without illumos: the libkstat stand-in serves the captures, one frame per refresh.
    try
    {
        kstatLibrary = StandinLibkstat.Serve(options.KstatFixtures, options.KstatLibrary, advanceOnUpdate: true);
    }
    catch (Exception e) when (e is IOException or InvalidOperationException)
    {
        Console.Error.WriteLine($"--kstat-fixture: {e.Message}");
        return 3;
    }

    if (!KstatFixtureCheck.TryOpen(kstatLibrary, out var problem))
    {
        Console.Error.WriteLine($"--kstat-fixture: {problem}");
        return 3;
    }

    Console.Error.WriteLine($"Serving the illumos host metrics from {options.KstatFixtures} through {kstatLibrary}.");
}

var builder = Sdk.CreateMeterProviderBuilder()
    .ConfigureResource(r => r.AddService("kstatotel-selfmonitoring"))
    .AddKstatInstrumentation(o =>
    {
        o.RefreshInterval = TimeSpan.FromMilliseconds(Math.Min(options.IntervalMs, 5000));
        o.KstatLibraryPath = kstatLibrary;
        if (options.AllMetrics)
        {
            o.Metrics = KstatMetricFamilies.All;
            o.IncludeProportionalSetSize = true;
        }
    });

if (options.View)
{
    builder.AddReader(new PeriodicExportingMetricReader(new ConsoleMetricView(Console.Out, options.ClearScreen), options.IntervalMs)
    {
        TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
    });
}

var otlpEndpoint = options.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
if (!string.IsNullOrEmpty(otlpEndpoint))
{
    builder.AddOtlpExporter((exporter, reader) =>
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(otlpEndpoint.TrimEnd('/') + "/v1/metrics");
        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.IntervalMs;
    });
    Console.Error.WriteLine($"Exporting OTLP (http/protobuf) to {otlpEndpoint} every {options.IntervalMs} ms.");
}

using (var provider = builder.Build())
{
    await new Workload().RunAsync(stop.Token);

    // A last collection and export before leaving, so short runs still deliver everything.
    provider.ForceFlush();
}

Console.Error.WriteLine("Stopped.");
return 0;
