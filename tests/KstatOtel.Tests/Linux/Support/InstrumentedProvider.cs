using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// A MeterProvider built the usual way (<c>Sdk.CreateMeterProviderBuilder().AddKstatInstrumentation(...)</c>) with a
/// capturing reader, and the process-wide core it started. Use from the <see cref="InstrumentationCollection"/> only.
/// </summary>
internal sealed class InstrumentedProvider : IDisposable
{
    private InstrumentedProvider(MeterProvider provider, MetricCapture capture, InstrumentationCore core)
    {
        Provider = provider;
        Capture = capture;
        Core = core;
    }

    public MeterProvider Provider { get; }

    public MetricCapture Capture { get; }

    public InstrumentationCore Core { get; }

    public static InstrumentedProvider Start(Action<KstatInstrumentationOptions> configure)
    {
        Assert.Null(KstatInstrumentation.Running); // a leftover core would impose its options
        var capture = new MetricCapture();
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(configure)
            .AddReader(capture.Reader)
            .Build();
        var core = KstatInstrumentation.Running ?? throw new InvalidOperationException("AddKstatInstrumentation() started no core.");
        return new InstrumentedProvider(provider, capture, core);
    }

    /// <summary>Refreshes the snapshot now, then collects.</summary>
    public IReadOnlyList<CapturedMetric> RefreshAndCollect()
    {
        Core.RefreshNow();
        return Capture.Collect();
    }

    public void Dispose()
    {
        Provider.Dispose();
        Capture.Dispose();
    }
}
