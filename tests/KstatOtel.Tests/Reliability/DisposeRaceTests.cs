using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KstatOtel.Tests.Illumos;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Reliability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The last MeterProvider disposed while four threads collect (two through the provider's reader, two through
/// MeterListeners of their own) and a fifth forces refreshes, with every source that holds a handle on: taskstats
/// (thread group and per-thread queries), procfs files kept open (smaps_rollup too), the cgroup directory, and the
/// illumos host module over the stand-in libkstat, which counts any use of a closed kstat_ctl_t or freed kstat_t.
/// 100 rounds (1,000 with KSTATOTEL_LONG=1), disposed at a random moment: no exception on any thread, no refresh or
/// callback failure (a closed handle used would be one), the stand-in saw no misuse and holds nothing afterwards,
/// and the process's descriptors are where they were.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class DisposeRaceTests
{
    private readonly ITestOutputHelper _output;

    public DisposeRaceTests(ITestOutputHelper output) => _output = output;

    private static int Rounds => Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1" ? 1000 : 100;

    [Fact]
    public void DisposingTheProviderWhileCallbacksAndRefreshesRunIsClean()
    {
        Standin.Serve(misuseAborts: false, Standin.ConstructedMachine(0), Standin.ConstructedMachine(1));
        using var events = new EventRecorder();
        var random = new Random(PropertyRunSeed());
        var failures = new ConcurrentQueue<Exception>();
        var descriptorsBefore = 0;
        var descriptorsPerRound = new List<int>();
        long collections = 0, refreshes = 0;

        for (var round = 0; round < Rounds; round++)
        {
            Assert.Null(KstatInstrumentation.Running);
            var capture = new MetricCapture();
            var provider = Sdk.CreateMeterProviderBuilder()
                .AddKstatInstrumentation(o =>
                {
                    o.RefreshInterval = TimeSpan.FromMilliseconds(1);
                    o.Metrics = KstatMetricFamilies.All;
                    o.IncludeProportionalSetSize = true;
                    o.KstatLibraryPath = Standin.LibraryPath;
                })
                .AddReader(capture.Reader)
                .Build();
            var core = KstatInstrumentation.Running!;
            var disposed = 0;
            using var stop = new CancellationTokenSource();
            var threads = new List<Thread>
            {
                Loop(() =>
                {
                    if (Volatile.Read(ref disposed) == 0)
                    {
                        capture.Reader.Collect(1000); // a reader of a disposed provider just reports false
                        Interlocked.Increment(ref collections);
                    }
                }),
                Loop(() =>
                {
                    provider.ForceFlush(1000);
                    Interlocked.Increment(ref collections);
                }),
                Loop(Listener()),
                Loop(Listener()),
                Loop(core.RefreshNow), // after disposal: does nothing
            };

            Thread Loop(Action body) => BusyLoop.Create(body, failures.Enqueue, stop.Token);

            threads.ForEach(t => t.Start());
            Thread.Sleep(random.Next(0, 30));
            Volatile.Write(ref disposed, 1);
            provider.Dispose();
            Thread.Sleep(random.Next(0, 5)); // the threads go on a moment against the disposed provider
            stop.Cancel();
            threads.ForEach(t => t.Join());
            capture.Dispose();
            refreshes += core.RefreshCount;
            Assert.True(failures.IsEmpty, $"round {round}: {string.Join("\n", failures)}");

            // The first rounds load assemblies (the runtime keeps each one open): count from the third round on.
            descriptorsPerRound.Add(Directory.GetFiles("/proc/self/fd").Length);
            if (round == 2)
            {
                descriptorsBefore = descriptorsPerRound[^1];
            }
        }

        Assert.Null(KstatInstrumentation.Running);
        var problems = events.Events.Where(e => e.Name is "RefreshFailed" or "CallbackFailed" or "InstrumentationFailed").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal((0L, 0L, 0L, 0L), (Standin.Counter("misuse"), Standin.Counter("handles"), Standin.Counter("blocks"), Standin.Counter("bytes")));
        Assert.True(Standin.Counter("open") >= Rounds, "the host module opened libkstat every round");
        Assert.Equal(Rounds, events.Named("InstrumentationStopped").Count);
        var descriptorsAfter = Directory.GetFiles("/proc/self/fd").Length;
        Assert.True(descriptorsAfter <= descriptorsBefore + 2, $"descriptors per round: {string.Join(' ', descriptorsPerRound)}");
        _output.WriteLine($"{Rounds} rounds: {collections} collections and {refreshes} refreshes (background and forced) raced the disposal; stand-in opens {Standin.Counter("open")}, misuse 0; descriptors {descriptorsBefore} before, {descriptorsAfter} after");
        Standin.Reset();
    }

    private static int PropertyRunSeed() => Testing.Fuzzing.PropertyRun.Seed(4242);

    /// <summary>A MeterListener of its own on the KstatOtel meter, observing every instrument once per call.</summary>
    private static Action Listener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InstrumentationCore.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        listener.Start();
        return () => listener.RecordObservableInstruments();
    }
}
