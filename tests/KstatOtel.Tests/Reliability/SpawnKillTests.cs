using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using KstatOtel.Linux;
using KstatOtel.Procfs;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Testing.Reliability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// Processes that vanish while they are read: 10,000 short-lived children (100,000 with KSTATOTEL_LONG=1), half of them
/// killed at a random moment of their short life, each opened through procfs readers (stat, status, io, statm, wchan,
/// fd, limits, and its thread's files) as soon as it is born and read until it is gone; meanwhile, refreshed every
/// millisecond, process groups track the children (with thread detail, and exit records where taskstats permits), and
/// the own process, with every family on (the per-thread delay sweep included), starts and ends threads of its own.
/// Nothing throws; a process that ended is a Gone result, never an error (the groups count no read error); no counter
/// read from one process ever goes down, nor does any group counter or own-process counter published.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class SpawnKillTests
{
    private readonly ITestOutputHelper _output;

    public SpawnKillTests(ITestOutputHelper output) => _output = output;

    private static int Cycles => Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1" ? 100_000 : 10_000;

    public static string Churn => RepoPaths.Combine("tests", "native", "reliability-helpers", "kso-churn");

    [Fact]
    public void ProcessesVanishingMidReadAreGoneResultsNeverErrorsNorNegativeDeltas()
    {
        var failures = new ConcurrentQueue<string>();
        var stats = new ChurnStats();

        // The own process and process groups, refreshed every millisecond while threads and children come and go.
        var options = new KstatInstrumentationOptions { RefreshInterval = TimeSpan.FromMilliseconds(1), Metrics = KstatMetricFamilies.All }
            .TrackProcesses(new ProcessGroupDefinition { Name = "churn", Comm = { "kso-churn-kid" } }, new ProcessGroupDefinition { Name = "other" });
        options.ProcessGroups.IncludeThreads = true;
        var taskstats = Privileges.HasNetAdmin ? LinuxModules.ChooseTaskstats(options) : null;
        var meterName = $"KstatOtel.Tests.{Guid.NewGuid():N}";
        using var core = new InstrumentationCore(options, [LinuxProcessModule.TryCreate(options, taskstats)!, KstatOtel.ProcessGroups.ProcessGroupsModule.Create(options)], meterName);
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(capture.Reader).Build();

        using var churn = Process.Start(new ProcessStartInfo(Churn, ["churn", Cycles.ToString(CultureInfo.InvariantCulture), "16", "2000", "50", "kso-churn-kid"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var pids = new BlockingCollection<int>();
        string? done = null;
        var listener = new Thread(() =>
        {
            string? line;
            while ((line = churn.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith("spawn ", StringComparison.Ordinal))
                {
                    pids.Add(int.Parse(line[6..], CultureInfo.InvariantCulture));
                }
                else if (line.StartsWith("done ", StringComparison.Ordinal))
                {
                    done = line;
                }
            }

            pids.CompleteAdding();
        });
        listener.Start();

        var readers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            foreach (var pid in pids.GetConsumingEnumerable())
            {
                try
                {
                    ReadUntilGone(pid, stats, failures);
                }
                catch (Exception e)
                {
                    failures.Enqueue($"pid {pid}: {e}");
                }
            }
        })).ToList();
        readers.ForEach(t => t.Start());

        using var stop = new CancellationTokenSource();
        var ownThreads = new Thread(() =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                var burst = Enumerable.Range(0, 4).Select(_ => new Thread(() => Workload.Burn(random.Next(0, 2)))).ToList();
                burst.ForEach(t => t.Start());
                burst.ForEach(t => t.Join());
                Interlocked.Add(ref stats.OwnThreads, burst.Count);
            }
        });
        ownThreads.Start();

        var last = (Cpu: 0.0, Minor: 0L, Switches: 0L);
        var lastGroup = new Dictionary<string, double>();
        var collections = 0;
        while (readers.Any(t => t.IsAlive))
        {
            var metrics = capture.Collect();
            foreach (var metric in metrics.Where(m => m.Name.StartsWith("kstatotel.process_group.", StringComparison.Ordinal) && m.IsMonotonic))
            {
                foreach (var point in metric.Points)
                {
                    var key = metric.Name + "{" + string.Join(",", point.Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")) + "}";
                    if (lastGroup.TryGetValue(key, out var before) && point.Value < before)
                    {
                        failures.Enqueue($"{key} went down from {before} to {point.Value}");
                    }

                    lastGroup[key] = point.Value;
                }
            }

            var cpu = metrics.Single(m => m.Name == "process.cpu.time").Points.Sum(p => p.Value);
            var minor = (long)metrics.Single(m => m.Name == "process.paging.faults").Point(("system.paging.fault.type", "minor")).Value;
            var switches = (long)metrics.Single(m => m.Name == "process.context_switches").Points.Sum(p => p.Value);
            if (cpu < last.Cpu || minor < last.Minor || switches < last.Switches)
            {
                failures.Enqueue($"own process went down: cpu {last.Cpu} -> {cpu}, minor faults {last.Minor} -> {minor}, switches {last.Switches} -> {switches}");
            }

            last = (cpu, minor, switches);
            collections++;
            Thread.Sleep(10);
        }

        stop.Cancel();
        ownThreads.Join();
        listener.Join();
        Assert.True(churn.WaitForExit(30_000), "kso-churn ended");
        var final = capture.Collect();
        var failed = final.Single(m => m.Name == "kstatotel.refresh.failures").Points.Sum(p => p.LongValue);
        var readErrors = final.Single(m => m.Name == "kstatotel.process_group.read_errors");
        var groupExits = final.Single(m => m.Name == "kstatotel.process_group.exits").Point(("kstatotel.process_group.name", "churn")).Value;
        var groupCpu = final.Single(m => m.Name == "kstatotel.process_group.cpu.time").Points.Where(p => p.HasAttributes(("kstatotel.process_group.name", "churn"))).Sum(p => p.Value);
        _output.WriteLine($"group 'churn': {groupExits} exits counted, {groupCpu:F3} s CPU; read errors {string.Join(", ", readErrors.Points.Select(p => $"{p.Attribute("error.type")}={p.Value}"))}; {lastGroup.Count} monotonic group series watched");

        _output.WriteLine($"{done}: {stats}; own process: {core.RefreshCount} refreshes, {stats.OwnThreads} threads started and ended, {collections} collections, refresh failures {failed}");
        Figures.Record("churn", "children", Cycles, "processes");
        Figures.Record("churn", "opened then gone before the first read", stats.GoneBeforeFirstRead, "processes");
        Figures.Record("churn", "gone during a read", stats.GoneMidRead, "reads");
        Figures.Record("churn", "reads", stats.Reads, "reads");
        Figures.Record("churn", "own refreshes", core.RefreshCount, "refreshes");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.Equal(0, failed);
        Assert.All(readErrors.Points.Where(p => p.HasAttributes(("error.type", "failed")) || p.HasAttributes(("error.type", "partial"))), p => Assert.Equal(0, p.Value));
        Assert.True(groupExits > Cycles / 10, $"the group saw {groupExits} of {Cycles} children end");
        Assert.StartsWith($"done {Cycles} ", done, StringComparison.Ordinal);
        Assert.True(stats.Opened > Cycles / 4, $"only {stats.Opened} children were opened before they ended");
        Assert.True(stats.GoneAfterOpen > 100, $"only {stats.GoneAfterOpen} children ended while their files were open: the race was not exercised");
        Assert.True(core.RefreshCount > 50, $"{core.RefreshCount} refreshes");
    }

    /// <summary>Opens <paramref name="pid"/>'s files and reads them until the process is gone, checking every counter only grows.</summary>
    private static void ReadUntilGone(int pid, ChurnStats stats, ConcurrentQueue<string> failures)
    {
        const ProcessFiles files = ProcessFiles.Default | ProcessFiles.Statm | ProcessFiles.Wchan;
        var status = ProcessReader.TryOpen("/proc", pid, files, out var reader);
        if (status != ProcfsReadStatus.Ok)
        {
            Interlocked.Increment(ref stats.GoneBeforeOpen);
            Expect(status is ProcfsReadStatus.Gone, $"pid {pid}: open gave {status}", failures);
            return;
        }

        using (reader)
        {
            Interlocked.Increment(ref stats.Opened);
            ProcessReader.TryOpenThread("/proc", pid, pid, ProcessFiles.Stat | ProcessFiles.Status | ProcessFiles.Io, out var thread);
            using (thread)
            {
                ProcessSample previous = default;
                for (var read = 0; read < 50; read++)
                {
                    status = reader!.TryRead(out var sample);
                    Interlocked.Increment(ref stats.Reads);
                    if (status == ProcfsReadStatus.Gone)
                    {
                        Interlocked.Increment(ref read == 0 ? ref stats.GoneBeforeFirstRead : ref stats.GoneMidRead);
                        Interlocked.Increment(ref stats.GoneAfterOpen);
                        break;
                    }

                    Expect(status == ProcfsReadStatus.Ok, $"pid {pid}: read gave {status}", failures);
                    if (read > 0)
                    {
                        Monotonic(pid, "utime", previous.Stat.UTime, sample.Stat.UTime, failures);
                        Monotonic(pid, "stime", previous.Stat.STime, sample.Stat.STime, failures);
                        Monotonic(pid, "minflt", previous.Stat.MinFlt, sample.Stat.MinFlt, failures);
                        Monotonic(pid, "majflt", previous.Stat.MajFlt, sample.Stat.MajFlt, failures);
                        Monotonic(pid, "voluntary switches", previous.Status.VoluntaryContextSwitches, sample.Status.VoluntaryContextSwitches, failures);
                        Monotonic(pid, "involuntary switches", previous.Status.NonvoluntaryContextSwitches, sample.Status.NonvoluntaryContextSwitches, failures);
                        Monotonic(pid, "rchar", previous.Io.RChar, sample.Io.RChar, failures);
                        Monotonic(pid, "syscr", previous.Io.SyscR, sample.Io.SyscR, failures);
                    }

                    previous = sample;
                    _ = reader.TryReadWchan(out _);
                    _ = thread?.TryRead(out _);
                    if (read == 1)
                    {
                        _ = reader.TryReadLimits(out _);
                    }
                }
            }
        }
    }

    private static void Monotonic(int pid, string what, ulong? before, ulong? after, ConcurrentQueue<string> failures)
    {
        if (before is { } b && after is { } a && a < b)
        {
            failures.Enqueue($"pid {pid}: {what} went down from {b} to {a}");
        }
    }

    private static void Expect(bool condition, string message, ConcurrentQueue<string> failures)
    {
        if (!condition)
        {
            failures.Enqueue(message);
        }
    }

    private sealed class ChurnStats
    {
        public int Opened;
        public int GoneBeforeOpen;
        public int GoneBeforeFirstRead;
        public int GoneMidRead;
        public int GoneAfterOpen;
        public long Reads;
        public long OwnThreads;

        public override string ToString() =>
            $"{Opened} opened ({GoneBeforeOpen} gone before their files opened), {Reads} reads, {GoneAfterOpen} ended while open ({GoneBeforeFirstRead} before the first read, {GoneMidRead} between reads)";
    }
}
