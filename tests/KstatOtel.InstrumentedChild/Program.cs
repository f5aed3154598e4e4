using System.Diagnostics;
using KstatOtel.InstrumentedChild;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

// An instrumented child process for the tests; the command line is in ChildOptions.Usage (and Soak.Usage).
if (args.Length > 0 && args[0] == "soak")
{
    using var soakEvents = new EventPrinter();
    return Soak.Run(args[1..]);
}

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
if (options.FdHeadroom is { } headroom)
{
    // The console, the SDK's statics and the exporter need descriptors of their own the first time: set them up first,
    // so that the limit hits the instrumentation (an SDK provider without KstatOtel, built and disposed).
    Console.Out.WriteLine($"starting {Environment.ProcessId}");
    Console.Out.Flush();
    _ = Console.In;
    _ = Console.Error;
    BuildProvider(options, withKstat: false).Dispose();
    var (limit, open) = DescriptorLimit.LowerTo(headroom);
    Console.Out.WriteLine($"fd-limit {limit} open {open}");
    Console.Out.Flush();
}

MeterProvider provider;
try
{
    provider = BuildProvider(options, withKstat: true);
}
catch (Exception e)
{
    // What an application that builds its provider at startup would see: the test fails on this line.
    Console.Out.WriteLine($"build-failed {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    Console.Error.WriteLine(e);
    Console.Out.Flush();
    return 3;
}

static MeterProvider BuildProvider(ChildOptions options, bool withKstat)
{
    var builder = Sdk.CreateMeterProviderBuilder().ConfigureResource(r => r.AddService("kstatotel-instrumented-child"));
    if (withKstat)
    {
        builder.AddKstatInstrumentation(o => Configure(o, options));
    }

    if (options.InProcess)
    {
        return builder.AddReader(new BaseExportingMetricReader(CountingExporter.Instance)).Build();
    }

    return builder.AddOtlpExporter((exporter, reader) =>
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(options.Otlp!.TrimEnd('/') + "/v1/metrics");
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.ExportMs;
            reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
        })
        .Build();
}

static void Configure(KstatOtel.KstatInstrumentationOptions o, ChildOptions options)
{
    o.LinuxSource = options.Source;
    o.Metrics = options.Metrics;
    o.IncludeProportionalSetSize = options.Pss;
    o.RefreshInterval = TimeSpan.FromMilliseconds(options.RefreshMs);
    if (options.ProcfsRoot is { } root)
    {
        o.ProcfsRoot = root;
    }
}

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
        Console.Out.WriteLine(!flushed ? "flush-failed" : options.InProcess ? $"flushed {CountingExporter.Instance.Metrics} {CountingExporter.Instance.Points}" : "flushed");
        Console.Out.Flush();
    }
}

provider.Dispose();
Console.Out.WriteLine("disposed");
return 0;
