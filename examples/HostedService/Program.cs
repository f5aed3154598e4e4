using HostedService;
using KstatOtel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

// A generic-host worker whose MeterProvider lives in the host's container and is disposed with the host.
//   dotnet run --project examples/HostedService [-- --KstatOtel:RefreshInterval=00:00:01 --Metrics:ConsoleIntervalMs=2000]
// Options come from configuration (appsettings.json, environment variables such as KstatOtel__RefreshInterval,
// the command line). OTLP (http/protobuf) is exported when OTEL_EXPORTER_OTLP_ENDPOINT is set. Ctrl+C stops it;
// Run:DurationSeconds stops it after a while.
var builder = Host.CreateApplicationBuilder(args);

builder.Services.Configure<KstatInstrumentationOptions>(builder.Configuration.GetSection("KstatOtel"));

var consoleInterval = builder.Configuration.GetValue("Metrics:ConsoleIntervalMs", 5000);
var otlpEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];

// The same calls as with OpenTelemetry.Extensions.Hosting (see OpenTelemetryHostingExtensions.cs).
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("kstatotel-hostedservice"))
    .WithMetrics(metrics =>
    {
        metrics.AddKstatInstrumentation();
        if (consoleInterval > 0)
        {
            metrics.AddReader(new PeriodicExportingMetricReader(new MetricsLogExporter(), consoleInterval));
        }

        if (!string.IsNullOrEmpty(otlpEndpoint))
        {
            metrics.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = new Uri(otlpEndpoint.TrimEnd('/') + "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = consoleInterval > 0 ? consoleInterval : 5000;
            });
        }
    });

builder.Services.AddHostedService<Worker>();

using (var host = builder.Build())
{
    if (builder.Configuration.GetValue<double?>("Run:DurationSeconds") is { } seconds)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default));
    }

    await host.RunAsync();
}

// Disposing the host disposed the MeterProvider (its last export), which stopped the instrumentation's refresh thread
// and released its handles.
Console.Out.WriteLine("host disposed");
