using System.Diagnostics;
using System.Globalization;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The procfs root option pointed at what a container or a hardened host may give: a read-only mount of /proc (the
/// instrumentation only reads, so everything works), one that goes away while running (files kept open go on being
/// read), and crafted trees where the process's directory, or some of its files, are absent, or where the root is
/// not a directory at all. Every case builds, refreshes, collects and disposes without an exception; what is missing
/// is reported once, naming the path and the fix, and only the metrics it feeds are dropped.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ProcfsSubtreeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"kstatotel-procroot-{Guid.NewGuid():N}");
    private readonly ITestOutputHelper _output;

    public ProcfsSubtreeTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    private static string Pid => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    [SkippableFact]
    public void AReadOnlyProcMountServesEverythingAndItsUnmountingBreaksNothing()
    {
        Privileges.RequireRoot();
        var mountPoint = Path.Combine(_dir, "proc");
        Directory.CreateDirectory(mountPoint);
        Run("mount", "--bind", "/proc", mountPoint);
        try
        {
            Run("mount", "-o", "remount,bind,ro", mountPoint);
            Assert.Contains("ro", File.ReadLines("/proc/self/mountinfo").Single(l => l.Split(' ')[4] == mountPoint).Split(' ')[5].Split(','));
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(mountPoint, "self", "comm"), "x"));

            using var events = new EventRecorder();
            using var provider = InstrumentedProvider.Start(o =>
            {
                o.ProcfsRoot = mountPoint;
                o.RefreshInterval = TimeSpan.FromHours(1);
            });
            var metrics = provider.RefreshAndCollect();
            foreach (var name in new[] { "process.cpu.time", "process.memory.usage", "process.disk.io", "process.paging.faults", "process.thread.count", "process.unix.file_descriptor.count", "process.uptime" })
            {
                Assert.Contains(metrics, m => m.Name == name);
            }

            Assert.DoesNotContain(events.Events, e => e.Name is "MetricUnavailable" or "RefreshFailed" or "InstrumentationFailed" && e.Text.Contains("process.", StringComparison.Ordinal));
            var threads = provider.Capture.Get("process.thread.count").Points.Single().Value;

            // Gone while running: the files kept open go on being read (they name the process, not the mount).
            Run("umount", "-l", mountPoint);
            Assert.False(File.Exists(Path.Combine(mountPoint, "self", "stat")));
            var started = new Thread(() => Thread.Sleep(2000)) { IsBackground = true };
            started.Start();
            var after = provider.RefreshAndCollect();
            Assert.Equal(threads + 1, after.Single(m => m.Name == "process.thread.count").Points.Single().Value);
            Assert.Equal(0, after.Single(m => m.Name == "kstatotel.refresh.failures").Point(("kstatotel.source", "linux-process")).LongValue);
            _output.WriteLine($"read-only mount: {metrics.Count} metrics; after the lazy unmount the kept files still read ({threads} then {threads + 1} threads)");
        }
        finally
        {
            // Unmounted already unless the test failed before: say nothing when there is nothing to unmount.
            using var cleanup = Process.Start(new ProcessStartInfo("umount", ["-l", mountPoint]) { RedirectStandardError = true })!;
            cleanup.StandardError.ReadToEnd();
            cleanup.WaitForExit(5000);
        }
    }

    [Fact]
    public void AnAbsentProcessDirectoryIsReportedWithTheFixAndNothingThrows()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "1")); // some other process, not ours
        var events = Start(_dir);
        var unavailable = Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "process.*");
        Assert.Contains(Path.Combine(_dir, Pid, "stat"), unavailable.Text, StringComparison.Ordinal);
        Assert.Contains("KstatInstrumentationOptions.ProcfsRoot", unavailable.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AProcessDirectoryWithOnlyStatPublishesWhatStatHoldsAndNamesTheRest()
    {
        var self = Directory.CreateDirectory(Path.Combine(_dir, Pid)).FullName;
        File.Copy("/proc/self/stat", Path.Combine(self, "stat"));
        var events = Start(_dir, expectPublished: ["process.cpu.time", "process.memory.usage", "process.paging.faults", "process.thread.count"], expectAbsent: ["process.disk.io", "process.unix.file_descriptor.count"]);
        Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "process.disk.io" && e.Text.Contains(Path.Combine(self, "io"), StringComparison.Ordinal));
        Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "process.unix.file_descriptor.count" && e.Text.Contains(Path.Combine(self, "fd"), StringComparison.Ordinal));
        Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "kstatotel.cgroup.tasks");
    }

    [Fact]
    public void ARootThatIsNotADirectoryIsReportedWithTheFix()
    {
        var file = Path.Combine(_dir, "not-a-directory");
        File.WriteAllText(file, "x");
        var events = Start(file);
        var unavailable = Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "process.*");
        Assert.Contains("ENOTDIR", unavailable.Text, StringComparison.Ordinal);
        Assert.Contains("procfs root", unavailable.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyRootPublishesNothingButSaysSo()
    {
        var events = Start(_dir);
        Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "process.*");
        Assert.Single(events, e => e.Name == "MetricUnavailable" && e.Payload[0] == "kstatotel.cgroup.tasks");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a mount that could not be removed yet: left in /tmp
        }
    }

    /// <summary>Starts the instrumentation on <paramref name="root"/>, refreshes and collects twice, disposes; returns the events.</summary>
    private IReadOnlyList<RecordedEvent> Start(string root, string[]? expectPublished = null, string[]? expectAbsent = null)
    {
        using var events = new EventRecorder();
        using (var provider = InstrumentedProvider.Start(o =>
        {
            o.ProcfsRoot = root;
            o.LinuxSource = LinuxProcessSource.Procfs;
            o.RefreshInterval = TimeSpan.FromHours(1);
        }))
        {
            provider.RefreshAndCollect();
            var metrics = provider.RefreshAndCollect();
            foreach (var name in expectPublished ?? [])
            {
                Assert.Contains(metrics, m => m.Name == name);
            }

            foreach (var name in expectAbsent ?? [])
            {
                Assert.DoesNotContain(metrics, m => m.Name == name);
            }
        }

        Assert.DoesNotContain(events.Events, e => e.Name is "RefreshFailed" or "InstrumentationFailed" or "CallbackFailed");
        _output.WriteLine(string.Join("\n", events.Events.Where(e => e.Name == "MetricUnavailable")));
        return events.Events;
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(10_000) && process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {error}");
    }
}
