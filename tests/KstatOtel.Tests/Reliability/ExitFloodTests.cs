using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using KstatOtel.Taskstats;
using KstatOtel.Testing;
using KstatOtel.Testing.Reliability;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The exit-record listener flooded: thousands of processes that exit at once (kso-churn burst) while the listener,
/// with a small receive buffer, is not reading, then while it reads as fast as it can. The kernel drops what does not
/// fit (ENOBUFS): every loss report is counted in LostRecords and reported by the ExitRecordsLost event, and the
/// listener goes on receiving: the exit of a child started after the flood arrives with its exit code.
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
        Assert.True(lost > 0, "the flood overflowed the buffer and the loss was counted");
        Assert.Equal(lost, losses.Count);
        Assert.True(ours < Flood, $"{ours} of {Flood} records fitted in 16 KiB");
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
        Assert.True(reading.Count == Flood || lostWhileReading > 0, $"{Flood - reading.Count} records missing but no loss counted");
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
        Assert.True(roomyCount.Count == Flood || roomy.LostRecords > 0, $"{Flood - roomyCount.Count} records missing but no loss counted");
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
