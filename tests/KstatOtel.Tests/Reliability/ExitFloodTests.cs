using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using KstatOtel.ProcessGroups;
using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Taskstats;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Reliability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The exit-record listener flooded: thousands of processes that exit at once (kso-churn burst) while the listener,
/// with a small receive buffer, is not reading, then while it reads as fast as it can. The kernel drops what does not
/// fit (ENOBUFS): every record lost is counted in LostRecords (the kernel's drop count) and reported by the
/// ExitRecordsLost event, and the
/// listener goes on receiving: the exit of a child started after the flood arrives with its exit code. The same under
/// process groups, whose listener is given a small buffer: the losses are published, every group counter stays
/// monotonic through the flood, and the exits after it are counted again.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class ExitFloodTests
{
    private readonly ITestOutputHelper _output;

    public ExitFloodTests(ITestOutputHelper output) => _output = output;

    private static int Flood => Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1" ? 50_000 : 5_000;

    [SkippableFact]
    public void LossesAreCountedAndReportedAndTheListenerKeepsReceiving()
    {
        Privileges.RequireNetAdmin();
        using var losses = new LossEvents();
        using var client = TaskstatsClient.Open();

        // A small buffer, not read while the flood runs: most records cannot fit.
        using var listener = client.OpenExitListener(receiveBufferBytes: 16 * 1024);
        RunBurst(Flood, "kso-flood");
        var (received, ours) = Drain(listener, "kso-flood");
        var lost = listener.LostRecords;
        _output.WriteLine($"not reading, 16 KiB buffer: {Flood} exits, {ours} of ours received ({received} in all), {lost} losses counted, {losses.Count} ExitRecordsLost events");
        Figures.Record("exit-flood", "idle listener 16 KiB: received of ours", ours, "records");
        Figures.Record("exit-flood", "idle listener 16 KiB: loss reports", lost, "ENOBUFS");
        Assert.True(ours < Flood, $"{ours} of {Flood} records fitted in 16 KiB");

        // Every exit not received is counted lost (the kernel's drop count); other processes of the machine may have
        // ended in the same moment and been dropped too, hence the margin above.
        Assert.True(lost >= Flood - ours, $"{Flood - ours} records missing, {lost} counted lost");
        Assert.True(lost <= Flood - ours + 200, $"{Flood - ours} records missing, {lost} counted lost");
        Assert.True(losses.Count > 0, "the losses were reported");
        Assert.Equal(listener.CpuMask, losses.Last.CpuMask);
        Assert.Equal(lost, losses.Last.LostSoFar);

        // Still receiving.
        AssertChildExitArrives(listener, 5);

        // Read as fast as possible during a second flood: losses, if any, are counted all the same.
        var lostBefore = listener.LostRecords;
        var reading = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (listener.TryReceive(out var record, TimeSpan.FromMilliseconds(50)) && record.Command == "kso-flood2")
                {
                    reading.Add(record.Id);
                }
            }
        });
        reader.Start();
        RunBurst(Flood, "kso-flood2");
        Thread.Sleep(500);
        stop.Cancel();
        reader.Join();
        var lostWhileReading = listener.LostRecords - lostBefore;
        _output.WriteLine($"reading, 16 KiB buffer: {reading.Count} of {Flood} received, {lostWhileReading} losses counted");
        Figures.Record("exit-flood", "reading listener 16 KiB: received", reading.Count, "records");
        Figures.Record("exit-flood", "reading listener 16 KiB: loss reports", lostWhileReading, "ENOBUFS");
        Assert.True(lostWhileReading >= Flood - reading.Count, $"{Flood - reading.Count} records missing, {lostWhileReading} counted lost");
        AssertChildExitArrives(listener, 6);

        // The default 4 MiB buffer, read as it comes: the whole flood fits.
        using var roomy = client.OpenExitListener();
        var roomyCount = new ConcurrentBag<int>();
        using var stopRoomy = new CancellationTokenSource();
        var roomyReader = new Thread(() =>
        {
            while (!stopRoomy.IsCancellationRequested)
            {
                if (roomy.TryReceive(out var record, TimeSpan.FromMilliseconds(50)) && record.Command == "kso-flood3")
                {
                    roomyCount.Add(record.Id);
                }
            }
        });
        roomyReader.Start();
        RunBurst(Flood, "kso-flood3");
        Thread.Sleep(500);
        stopRoomy.Cancel();
        roomyReader.Join();
        _output.WriteLine($"reading, 4 MiB buffer: {roomyCount.Count} of {Flood} received, {roomy.LostRecords} losses counted");
        Figures.Record("exit-flood", "reading listener 4 MiB: received", roomyCount.Count, "records");
        Figures.Record("exit-flood", "reading listener 4 MiB: loss reports", roomy.LostRecords, "ENOBUFS");
        Assert.True(roomy.LostRecords >= Flood - roomyCount.Count, $"{Flood - roomyCount.Count} records missing, {roomy.LostRecords} counted lost");
    }

    [SkippableFact]
    public void UnderProcessGroupsTheLossesArePublishedAndEveryGroupCounterStaysMonotonic()
    {
        Privileges.RequireNetAdmin();

        // The module as ProcessGroupsModule.Create builds it, but with a 16 KiB socket buffer for its exit records.
        var client = TaskstatsClient.Open();
        var queries = new ThreadGroupQueries(client);
        var listener = new ExitRecordListener(client.OpenExitListener(receiveBufferBytes: 16 * 1024), new ExitRecordQueue());
        var selector = new GroupSelector([new ProcessGroupDefinition { Name = "flood", Comm = { "kso-gflood" } }, new ProcessGroupDefinition { Name = "after", Comm = { "kso-gafter" } }]);
        var tracker = new ProcessTracker(new TrackerSettings { ProcfsRoot = "/proc", Selector = selector, ExitRecords = listener.Queue, Queries = queries });
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromMilliseconds(10), Metrics = KstatMetricFamilies.SelfDiagnostics };
        var meterName = $"KstatOtel.Tests.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, [new ProcessGroupsModule(tracker, listener, queries, threads: false, proportional: false)], meterName);
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();

        var failures = new ConcurrentQueue<string>();
        var last = new Dictionary<string, double>();
        void Check()
        {
            foreach (var metric in capture.Collect().Where(m => m.Name.StartsWith("kstatotel.process_group.", StringComparison.Ordinal) && m.IsMonotonic))
            {
                foreach (var point in metric.Points)
                {
                    var key = metric.Name + "{" + string.Join(",", point.Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")) + "}";
                    if (last.TryGetValue(key, out var before) && point.Value < before)
                    {
                        failures.Enqueue($"{key} went down from {before} to {point.Value}");
                    }

                    last[key] = point.Value;
                }
            }
        }

        var flood = new Thread(() => RunBurst(Flood, "kso-gflood"));
        flood.Start();
        while (flood.IsAlive)
        {
            Check();
            Thread.Sleep(20);
        }

        Thread.Sleep(500);
        Check();
        var lost = capture.Latest.Single(m => m.Name == "kstatotel.process_group.exit_records.lost").Points.Single().Value;
        var floodExits = capture.Latest.Single(m => m.Name == "kstatotel.process_group.exits").Point(("kstatotel.process_group.name", "flood")).Value;
        Assert.True(listener.IsRunning, "the listener thread is still receiving");

        // After the flood, exits are counted again: every one of 50 more is counted, or published as lost (a burst of 50
        // can still overflow 16 KiB on a loaded machine; other processes' exits can add to the lost count). The burst
        // process itself bears the name too: 51 when a refresh saw it after it named itself.
        RunBurst(50, "kso-gafter");
        var watch = Stopwatch.StartNew();
        double afterExits = 0;
        double afterLost = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(10) && afterExits + afterLost < 50)
        {
            Thread.Sleep(50);
            Check();
            afterExits = capture.Latest.Single(m => m.Name == "kstatotel.process_group.exits").Points.SingleOrDefault(p => p.HasAttributes(("kstatotel.process_group.name", "after")))?.Value ?? 0;
            afterLost = capture.Latest.Single(m => m.Name == "kstatotel.process_group.exit_records.lost").Points.Single().Value - lost;
        }

        _output.WriteLine($"{Flood} exits into a 16 KiB buffer under process groups: group 'flood' counted {floodExits}, exit_records.lost {lost}; after the flood 50 exits, counted {afterExits}, {afterLost} more lost; {last.Count} monotonic series watched, {core.RefreshCount} refreshes");
        Figures.Record("exit-flood", "process groups 16 KiB: exits counted", floodExits, "processes");
        Figures.Record("exit-flood", "process groups 16 KiB: lost published", lost, "records");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(lost >= Flood - floodExits, $"{Flood - floodExits} exits not counted, {lost} published as lost");
        Assert.True(floodExits > 0, "the flood's exits that fitted are counted");
        Assert.InRange(afterExits, 1, 51);
        Assert.True(afterExits + afterLost >= 50, $"after the flood: {afterExits} of 50 exits counted and {afterLost} records published as lost");
    }

    private static void RunBurst(int count, string comm)
    {
        using var burst = Process.Start(new ProcessStartInfo(SpawnKillTests.Churn, ["burst", count.ToString(CultureInfo.InvariantCulture), comm]) { RedirectStandardOutput = true })!;
        Assert.Equal($"done {count}", burst.StandardOutput.ReadLine());
        Assert.True(burst.WaitForExit(60_000));
    }

    private static (int Received, int Ours) Drain(TaskstatsExitListener listener, string comm)
    {
        int received = 0, ours = 0;
        while (listener.TryReceive(out var record, TimeSpan.FromMilliseconds(300)))
        {
            received++;
            if (record.Command == comm)
            {
                ours++;
            }
        }

        return (received, ours);
    }

    private static void AssertChildExitArrives(TaskstatsExitListener listener, int code)
    {
        using var child = Process.Start("/bin/sh", ["-c", $"exit {code}"])!;
        Assert.True(child.WaitForExit(10_000));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (listener.TryReceive(out var record, TimeSpan.FromSeconds(1)) && record.Id == child.Id && record.Scope == TaskStatsScope.Task)
            {
                Assert.Equal(code, record.ExitCode);
                return;
            }
        }

        Assert.Fail($"the exit of child {child.Id} did not arrive after the flood");
    }

    /// <summary>The ExitRecordsLost events of the KstatOtel-Taskstats source.</summary>
    private sealed class LossEvents : EventListener
    {
        private readonly ConcurrentQueue<(string CpuMask, long LostSoFar)> _events = new();

        public int Count => _events.Count;

        public (string CpuMask, long LostSoFar) Last => _events.Last();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "KstatOtel-Taskstats")
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "ExitRecordsLost")
            {
                _events.Enqueue(((string)eventData.Payload![0]!, (long)eventData.Payload[1]!));
            }
        }
    }
}
