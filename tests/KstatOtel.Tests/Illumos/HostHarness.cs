using KstatOtel.Illumos.Host;
using KstatOtel.Kstat;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// The illumos host module over the stand-in, in an <see cref="InstrumentationCore"/> of its own (its own meter name)
/// with a MeterProvider whose exports a <see cref="MetricCapture"/> keeps. The background refresh is an hour apart:
/// the first refresh (frame 0) happens at start, each <see cref="Refresh"/> moves one frame.
/// </summary>
internal sealed class HostHarness : IDisposable
{
    private readonly MeterProvider _provider;

    private HostHarness(KstatInstrumentationOptions options, IllumosHostModule module, string meterName)
    {
        Options = options;
        Module = module;
        Core = new InstrumentationCore(options, [module], meterName);
        Capture = new MetricCapture();
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(Capture.Reader).Build();
    }

    public KstatInstrumentationOptions Options { get; }

    public IllumosHostModule Module { get; }

    public InstrumentationCore Core { get; }

    public MetricCapture Capture { get; }

    /// <summary>The current time HostHarness gives the module: boot_time 1700000000 + 86400.5 s.</summary>
    public const double Now = 1_700_086_400.5;

    public static HostHarness Start(string[] frames, Action<KstatInstrumentationOptions>? configure = null)
    {
        Standin.Serve(frames);
        var options = new KstatInstrumentationOptions
        {
            KstatLibraryPath = Standin.LibraryPath,
            Metrics = KstatMetricFamilies.Host,
            RefreshInterval = TimeSpan.FromHours(1),
        };
        configure?.Invoke(options);
        options.Validate();
        KstatToken token;
        try
        {
            token = KstatToken.Open(options.KstatLibraryPath);
        }
        catch (KstatException e)
        {
            throw new InvalidOperationException($"kstat_open on the stand-in failed: {e.Message} Fixture error: {Standin.LastError()}", e);
        }

        var module = new IllumosHostModule(token, options, static () => Now);
        return new HostHarness(options, module, $"KstatOtel.Tests.Illumos.{Guid.NewGuid():N}");
    }

    /// <summary>Collects now and returns the metrics exported.</summary>
    public IReadOnlyList<CapturedMetric> Collect() => Capture.Collect();

    /// <summary>Refreshes once (one kstat_chain_update: the stand-in moves to the next frame).</summary>
    public void Refresh() => Core.RefreshNow();

    /// <summary>The metric named <paramref name="name"/> in the latest export.</summary>
    public CapturedMetric Get(string name) => Capture.Get(name);

    public void Dispose()
    {
        _provider.Dispose();
        Capture.Dispose();
        Core.Dispose();
    }
}
