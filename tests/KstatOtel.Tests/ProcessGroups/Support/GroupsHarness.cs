using KstatOtel.ProcessGroups;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.ProcessGroups.Support;

/// <summary>
/// Process groups wired the way AddKstatInstrumentation() wires them (module, instrumentation core, MeterProvider),
/// under a meter name of its own, with refreshes and collections made by the test: no background refresh happens
/// (the refresh interval is an hour).
/// </summary>
internal sealed class GroupsHarness : IDisposable
{
    private readonly MeterProvider provider;

    public GroupsHarness(Action<KstatInstrumentationOptions> configure)
        : this(configure, ProcessGroupsModule.Create)
    {
    }

    /// <summary>With a module the test makes (a tracker of its own settings, such as an exit-record queue it fills).</summary>
    public GroupsHarness(Action<KstatInstrumentationOptions> configure, Func<KstatInstrumentationOptions, ProcessGroupsModule> module)
    {
        Options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromHours(1) };
        configure(Options);
        Options.Validate();
        Module = module(Options);
        MeterName = "KstatOtel.Tests.ProcessGroups." + Guid.NewGuid().ToString("N");
        Core = new InstrumentationCore(Options, [Module], MeterName);
        Capture = new MetricCapture();
        provider = Sdk.CreateMeterProviderBuilder().AddMeter(MeterName).AddReader(Capture.Reader).Build()!;
    }

    public KstatInstrumentationOptions Options { get; }

    public ProcessGroupsModule Module { get; }

    public ProcessTracker Tracker => Module.Tracker;

    public InstrumentationCore Core { get; }

    public MetricCapture Capture { get; }

    public string MeterName { get; }

    /// <summary>Refreshes (the constructor made the first one).</summary>
    public void Refresh() => Core.RefreshNow();

    /// <summary>Refreshes, then collects.</summary>
    public IReadOnlyList<CapturedMetric> RefreshAndCollect()
    {
        Refresh();
        return Capture.Collect();
    }

    public IReadOnlyList<CapturedMetric> Collect() => Capture.Collect();

    /// <summary>The point of <paramref name="metric"/> for <paramref name="group"/> and <paramref name="attributes"/> in the latest export, or null.</summary>
    public CapturedPoint? Find(string metric, string group, params (string Key, object Value)[] attributes)
    {
        var found = Capture.Find(metric);
        return found?.Points.SingleOrDefault(p => p.HasAttributes([(Attributes.GroupName, group), .. attributes]));
    }

    /// <summary>The value of that point; throws, naming what was exported, when it is absent.</summary>
    public double Value(string metric, string group, params (string Key, object Value)[] attributes) =>
        Find(metric, group, attributes)?.Value
        ?? throw new InvalidOperationException($"No point of {metric} for group '{group}' [{string.Join(", ", attributes.Select(a => $"{a.Key}={a.Value}"))}]; groups exported: {string.Join(", ", GroupNames(metric))}.");

    /// <summary>The sum of the points of <paramref name="metric"/> for <paramref name="group"/>.</summary>
    public double Sum(string metric, string group) =>
        Capture.Get(metric).Points.Where(p => Equals(p.Attribute(Attributes.GroupName), group)).Sum(p => p.Value);

    /// <summary>The group names that <paramref name="metric"/> carries in the latest export.</summary>
    public IReadOnlyList<string> GroupNames(string metric = ProcessGroupInstruments.ProcessCount) =>
        Capture.Find(metric)?.Points.Select(p => p.Attribute(Attributes.GroupName) as string ?? "").Distinct().ToList() ?? [];

    /// <summary>The value of a health counter without group (attributes optional).</summary>
    public double Health(string metric, params (string Key, object Value)[] attributes) =>
        Capture.Get(metric).Points.Single(p => p.HasAttributes(attributes)).Value;

    public void Dispose()
    {
        provider.Dispose();
        Core.Dispose();
        Capture.Dispose();
    }
}
