using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KstatOtel.Linux;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Reliability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Linux;

/// <summary>Providers and threads collecting while the snapshot refreshes and while a provider is disposed.</summary>
[Collection(InstrumentationCollection.Name)]
public class ConcurrencyTests
{
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(3);
    private readonly ITestOutputHelper _output;

    public ConcurrencyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryCollectionReadsTheValuesOfOneRefreshWhole()
    {
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromMilliseconds(1) };
        var taskstats = Testing.Privileges.HasNetAdmin ? LinuxModules.ChooseTaskstats(options) : null;
        var recording = new RecordingModule(LinuxProcessModule.TryCreate(options, taskstats)!);
        var meterName = $"KstatOtel.Tests.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, [recording], meterName);

        using var captureA = new MetricCapture();
        using var captureB = new MetricCapture();
        var providerA = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(captureA.Reader).Build();
        using var providerB = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(captureB.Reader).Build();

        var observed = new ConcurrentQueue<ProcessValues>();
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource(RunFor);
        var gateA = new object();
        var disposedA = false;
        var listeners = new List<MeterListener>();
        var threads = new List<Thread>
        {
            Loop(() => observed.Enqueue(FromExport(captureB.Collect()))),
            Loop(() =>
            {
                lock (gateA)
                {
                    if (!disposedA)
                    {
                        observed.Enqueue(FromExport(captureA.Collect()));
                    }
                }
            }),
            Loop(ListenerCollector(meterName, observed, listeners)),
            Loop(ListenerCollector(meterName, observed, listeners)),
            Loop(core.RefreshNow),
            Loop(() => Workload.Burn(5)),
            new Thread(() =>
            {
                // Dispose one provider half way; the other readers go on.
                Thread.Sleep(RunFor / 2);
                lock (gateA)
                {
                    disposedA = true;
                    providerA.Dispose();
                }
            }),
        };

        Thread Loop(Action body) => BusyLoop.Create(body, failures.Enqueue, stop.Token);

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        listeners.ForEach(l => l.Dispose());

        Assert.Empty(failures);
        var written = recording.Written;
        var collections = observed.ToList();
        _output.WriteLine($"{core.RefreshCount} refreshes, {written.Count} distinct value sets written, {collections.Count} collections checked");
        Assert.True(core.RefreshCount > 100, $"only {core.RefreshCount} refreshes");
        Assert.True(collections.Count > 100, $"only {collections.Count} collections");
        Assert.True(written.Count > 10, "the values moved between refreshes (CPU burnt meanwhile)");
        var torn = collections.Where(c => !written.ContainsKey(c)).ToList();
        foreach (var t in torn.Take(10))
        {
            var match = written.Keys.Where(w => w.User == t.User && w.System == t.System).ToList();
            _output.WriteLine($"TORN {t}; same cpu in written: {string.Join(" / ", match)}");
        }
        Assert.True(torn.Count == 0, $"{torn.Count} collections mixed values of different refreshes, e.g. {torn.FirstOrDefault()}");
    }

    [Fact]
    public void DisposingOneOfTwoProvidersLeavesTheOtherCollecting()
    {
        Assert.Null(KstatInstrumentation.Running);
        using var captureA = new MetricCapture();
        using var captureB = new MetricCapture();
        var providerA = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.FromMilliseconds(5))
            .AddReader(captureA.Reader)
            .Build();
        var providerB = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.FromMilliseconds(5))
            .AddReader(captureB.Reader)
            .Build();
        var core = KstatInstrumentation.Running!;

        var failures = new ConcurrentQueue<Exception>();
        var collectedB = 0;
        var disposedA = 0;
        using var stop = new CancellationTokenSource(RunFor);
        var threads = new[]
        {
            Loop(() =>
            {
                captureB.Collect();
                Assert.Contains(captureB.Latest, m => m.Name == "process.cpu.time" && m.Points.Count == 2);
                Interlocked.Increment(ref collectedB);
            }),
            Loop(() =>
            {
                if (Volatile.Read(ref disposedA) == 0)
                {
                    // Collect can race the disposal right here: a reader of a disposed provider reports failure, no more.
                    captureA.Reader.Collect(1000);
                }
            }),
            Loop(() => providerA.ForceFlush(1000)),
            new Thread(() =>
            {
                Thread.Sleep(RunFor / 2);
                Volatile.Write(ref disposedA, 1);
                providerA.Dispose();
            }),
        };

        Thread Loop(Action body) => BusyLoop.Create(body, failures.Enqueue, stop.Token);

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        Assert.True(collectedB > 10);
        Assert.Same(core, KstatInstrumentation.Running);
        var refreshes = core.RefreshCount;
        Thread.Sleep(100);
        Assert.True(core.RefreshCount > refreshes, "the core keeps refreshing for the provider left");

        providerB.Dispose();
        Assert.Null(KstatInstrumentation.Running);
        refreshes = core.RefreshCount;
        Thread.Sleep(100);
        Assert.Equal(refreshes, core.RefreshCount);
    }

    private static ProcessValues FromExport(IReadOnlyList<CapturedMetric> metrics)
    {
        CapturedMetric Get(string name) => metrics.Single(m => m.Name == name);
        var cpu = Get("process.cpu.time");
        var faults = Get("process.paging.faults");
        var switches = Get("process.context_switches");
        return new ProcessValues(
            cpu.Point(("cpu.mode", "user")).Value,
            cpu.Point(("cpu.mode", "system")).Value,
            (long)faults.Point(("system.paging.fault.type", "minor")).Value,
            (long)faults.Point(("system.paging.fault.type", "major")).Value,
            (long)switches.Point(("process.context_switch.type", "voluntary")).Value,
            (long)switches.Point(("process.context_switch.type", "involuntary")).Value,
            (long)Get("process.memory.usage").Points.Single().Value,
            (long)Get("process.thread.count").Points.Single().Value);
    }

    /// <summary>A MeterListener of its own that observes every instrument of the meter once per call, as one collection.</summary>
    private static Action ListenerCollector(string meterName, ConcurrentQueue<ProcessValues> observed, List<MeterListener> listeners)
    {
        var listener = new MeterListener();
        listeners.Add(listener);
        var doubles = new Dictionary<string, double>();
        var longs = new Dictionary<string, long>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        static string Key(Instrument i, ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length == 0 ? i.Name : $"{i.Name}/{tags[0].Value}";
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => doubles[Key(i, tags)] = v);
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => longs[Key(i, tags)] = v);
        listener.Start();
        return () =>
        {
            doubles.Clear();
            longs.Clear();
            listener.RecordObservableInstruments();
            observed.Enqueue(new ProcessValues(
                doubles["process.cpu.time/user"],
                doubles["process.cpu.time/system"],
                longs["process.paging.faults/minor"],
                longs["process.paging.faults/major"],
                longs["process.context_switches/voluntary"],
                longs["process.context_switches/involuntary"],
                longs["process.memory.usage"],
                longs["process.thread.count"]));
        };
    }
}
