using System.Diagnostics;
using KstatOtel.Instruments;
using KstatOtel.Linux;
using KstatOtel.Modules;
using KstatOtel.Snapshots;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Tests.Reliability.Support;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// Refreshes that throw, on the background refresh thread (every 20 ms): the last good values stay published, unchanged
/// while the process goes on working; kstatotel.snapshot.age grows past three intervals and the SnapshotStale event
/// names the source; failures are counted; the first good refresh publishes fresh values, reports RefreshRecovered and
/// brings the age back down. A part that cannot even be prepared (its copy of the last values throws) is a failed
/// refresh like any other: the refresh thread, which would otherwise take the process down, lives on.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class StaleSnapshotTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly ITestOutputHelper _output;

    public StaleSnapshotTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void AThrowingRefreshKeepsTheLastGoodValuesMarksThemStaleAndRecovers()
    {
        using var events = new EventRecorder();
        var options = new KstatInstrumentationOptions
        {
            RefreshInterval = Interval,
            LinuxSource = LinuxProcessSource.Procfs,
            Metrics = KstatMetricFamilies.Process | KstatMetricFamilies.SelfDiagnostics,
        };
        var name = $"faulty-{Guid.NewGuid():N}"[..16];
        var module = new FaultyModule(LinuxProcessModule.TryCreate(options, null)!, name);
        var meterName = $"KstatOtel.Tests.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, [module], meterName);
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();

        WaitFor(() => module.Refreshes > 5, "refreshes");
        var good = Read(capture.Collect(), name);
        Assert.Equal(0, good.Failures);
        Assert.True(good.Age < 1, $"age {good.Age} s while refreshing");

        module.Failing = true;
        WaitFor(() => module.Failures >= 3, "failing refreshes");
        var first = Read(capture.Collect(), name);
        Workload.Burn(60); // CPU time and faults move: fresh values would differ
        WaitFor(() => events.Named("SnapshotStale").Any(e => e.Payload[0] == name), "the SnapshotStale event");
        WaitFor(() => module.Failures >= 15, "more failing refreshes");
        var stale = Read(capture.Collect(), name);

        Assert.Equal((first.UserCpu, first.SystemCpu, first.MinorFaults), (stale.UserCpu, stale.SystemCpu, stale.MinorFaults));
        Assert.True(stale.Age > 3 * Interval.TotalSeconds, $"age {stale.Age} s after {module.Failures} failed refreshes");
        Assert.True(stale.Age > first.Age, "the age grows while refreshes fail");
        Assert.True(stale.Failures >= 15, $"failures counted: {stale.Failures}");
        var failed = Assert.Single(events.Named("RefreshFailed"), e => e.Payload[0] == name);
        Assert.Contains("injected refresh failure", failed.Payload[1], StringComparison.Ordinal);
        var staleEvent = Assert.Single(events.Named("SnapshotStale"), e => e.Payload[0] == name);
        Assert.True(double.Parse(staleEvent.Payload[1], System.Globalization.CultureInfo.InvariantCulture) > 3 * Interval.TotalSeconds);
        Assert.Equal(EventLevelText.Warning, staleEvent.Level.ToString());

        module.Failing = false;
        WaitFor(() => events.Named("RefreshRecovered").Any(e => e.Payload[0] == name), "the RefreshRecovered event");
        Thread.Sleep(3 * Interval);
        var recovered = Read(capture.Collect(), name);
        Assert.True(recovered.UserCpu + recovered.SystemCpu > stale.UserCpu + stale.SystemCpu, "fresh CPU times after recovery");
        Assert.True(recovered.Age < stale.Age, $"age back down: {recovered.Age} s");
        Assert.True(recovered.Failures >= stale.Failures, "the failure count is cumulative");
        var recovery = Assert.Single(events.Named("RefreshRecovered"), e => e.Payload[0] == name);
        _output.WriteLine($"failed refreshes {module.Failures}, age when stale {stale.Age:F3} s, after recovery {recovered.Age:F3} s, events: {failed.Name}, {staleEvent}, {recovery}");
    }

    [Fact]
    public void APartThatCannotBePreparedIsAFailedRefreshNotADeadRefreshThread()
    {
        using var events = new EventRecorder();
        var options = new KstatInstrumentationOptions { RefreshInterval = Interval, Metrics = KstatMetricFamilies.SelfDiagnostics };
        var module = new CopyFailingModule($"copyfail-{Guid.NewGuid():N}"[..16]);
        using var core = new InstrumentationCore(options, [module], $"KstatOtel.Tests.{Guid.NewGuid():N}");

        WaitFor(() => module.Refreshes > 3, "refreshes");
        CopyFailingPart.FailNextCopies = 3;
        WaitFor(() => CopyFailingPart.FailNextCopies == 0, "the failing copies");
        var refreshes = module.Refreshes;
        WaitFor(() => module.Refreshes > refreshes + 3, "refreshes after the failing copies");

        Assert.Single(events.Named("RefreshFailed"), e => e.Payload[0] == module.Name && e.Payload[1].Contains("copy failed", StringComparison.Ordinal));
        Assert.Single(events.Named("RefreshRecovered"), e => e.Payload[0] == module.Name);
        Assert.Equal(3, core.Exchange.CurrentForWriter!.Parts[0].TotalFailures);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    private static (double UserCpu, double SystemCpu, double MinorFaults, double Age, long Failures) Read(IReadOnlyList<CapturedMetric> metrics, string source)
    {
        var cpu = metrics.Single(m => m.Name == "process.cpu.time");
        return (
            cpu.Point(("cpu.mode", "user")).Value,
            cpu.Point(("cpu.mode", "system")).Value,
            metrics.Single(m => m.Name == "process.paging.faults").Point(("system.paging.fault.type", "minor")).Value,
            metrics.Single(m => m.Name == "kstatotel.snapshot.age").Point(("kstatotel.source", source)).Value,
            metrics.Single(m => m.Name == "kstatotel.refresh.failures").Point(("kstatotel.source", source)).LongValue!.Value);
    }

    private static class EventLevelText
    {
        public const string Warning = "Warning";
    }

    /// <summary>A module with nothing to read whose part's copy of the last values throws on demand.</summary>
    private sealed class CopyFailingModule(string name) : IKstatModule
    {
        private int _refreshes;

        public string Name { get; } = name;

        public int Refreshes => Volatile.Read(ref _refreshes);

        public ISnapshotPart CreatePart() => new CopyFailingPart();

        public void Refresh(ISnapshotPart part) => Interlocked.Increment(ref _refreshes);

        public void CreateInstruments(InstrumentRegistrar registrar, int partIndex)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class CopyFailingPart : SnapshotPart<CopyFailingPart>
    {
        public static int FailNextCopies;

        protected override void CopyValuesFrom(CopyFailingPart source)
        {
            if (FailNextCopies > 0)
            {
                Interlocked.Decrement(ref FailNextCopies);
                throw new InvalidOperationException("copy failed");
            }
        }
    }
}
