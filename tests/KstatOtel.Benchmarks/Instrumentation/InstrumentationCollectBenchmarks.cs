using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using KstatOtel.Modules;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Benchmarks.Instrumentation;

/// <summary>
/// One full collection of every KstatOtel instrument from the cached snapshot (no refresh in between): through the
/// OpenTelemetry SDK (a MeterProvider with an exporting reader whose exporter does nothing), against the same SDK
/// collecting an empty meter (the SDK's own cost), and through a bare MeterListener (our callbacks alone).
/// </summary>
[MemoryDiagnoser]
public class InstrumentationCollectBenchmarks
{
    private InstrumentationCore _core = null!;
    private Meter _emptyMeter = null!;
    private MeterProvider _kstatProvider = null!;
    private MeterProvider _emptyProvider = null!;
    private BaseExportingMetricReader _kstatReader = null!;
    private BaseExportingMetricReader _emptyReader = null!;
    private MeterListener _listener = null!;
    private long _measurements;

    [GlobalSetup]
    public void Setup()
    {
        var options = new KstatInstrumentationOptions
        {
            Metrics = KstatMetricFamilies.All,
            IncludeProportionalSetSize = true,
            RefreshInterval = KstatInstrumentationOptions.MaximumRefreshInterval,
        };
        var meterName = $"KstatOtel.Benchmarks.{Guid.NewGuid():N}";
        _core = new InstrumentationCore(options, ModuleCatalog.Create(options), meterName);
        _emptyMeter = new Meter($"KstatOtel.Benchmarks.Empty.{Guid.NewGuid():N}");

        _kstatReader = new BaseExportingMetricReader(new NullExporter());
        _kstatProvider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(_kstatReader).Build();
        _emptyReader = new BaseExportingMetricReader(new NullExporter());
        _emptyProvider = Sdk.CreateMeterProviderBuilder().AddMeter(_emptyMeter.Name).AddReader(_emptyReader).Build();

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == meterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => _measurements++);
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => _measurements++);
        _listener.Start();

        Console.WriteLine($"// {_core.Instruments.Count} instruments: {string.Join(", ", _core.Instruments.Select(i => i.Name))}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _kstatProvider.Dispose();
        _emptyProvider.Dispose();
        _emptyMeter.Dispose();
        _core.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SDK collect: empty meter (the SDK's own cost)")]
    public bool SdkEmptyMeter() => _emptyReader.Collect();

    [Benchmark(Description = "SDK collect: every KstatOtel instrument")]
    public bool SdkKstat() => _kstatReader.Collect();

    [Benchmark(Description = "MeterListener: every KstatOtel instrument (our callbacks alone)")]
    public long ListenerKstat()
    {
        _listener.RecordObservableInstruments();
        return _measurements;
    }

    private sealed class NullExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
