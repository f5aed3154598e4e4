using System.Globalization;
using KstatOtel.Tests.Linux.Support;

namespace KstatOtel.Tests.Linux;

/// <summary>
/// A refresh that fails keeps the last good values published, counts the failure, says why and recovers: the own
/// process read from a procfs root that is a copy of /proc/self whose stat file the test spoils and repairs.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public sealed class RefreshFailureTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"kstatotel-procfs-{Guid.NewGuid():N}");
    private readonly string _stat;

    public RefreshFailureTests()
    {
        var self = Path.Combine(_root, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(self, "fd"));
        foreach (var fd in new[] { "0", "1", "2", "7" })
        {
            File.WriteAllText(Path.Combine(self, "fd", fd), string.Empty);
        }

        _stat = Path.Combine(self, "stat");
        File.WriteAllText(_stat, File.ReadAllText("/proc/self/stat"));
        File.WriteAllText(Path.Combine(self, "io"), File.ReadAllText("/proc/self/io"));
    }

    [Fact]
    public void AFailedRefreshKeepsTheLastGoodValuesCountsItAndRecovers()
    {
        using var events = new EventRecorder();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.ProcfsRoot = _root;
            o.LinuxSource = LinuxProcessSource.Procfs;
            o.Metrics = KstatMetricFamilies.Process | KstatMetricFamilies.SelfDiagnostics;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });

        var minor = MinorFaults(File.ReadAllText(_stat));
        var good = provider.RefreshAndCollect();
        Assert.Equal(minor, Value(good, "process.paging.faults", ("system.paging.fault.type", "minor")));
        Assert.Equal(4, Value(good, "process.unix.file_descriptor.count"));
        Assert.Equal(0, Value(good, "kstatotel.refresh.failures", ("kstatotel.source", "linux-process")));

        // The same file (the reader keeps it open) now holds something that is not a stat line.
        var original = File.ReadAllText(_stat);
        using (var spoil = new FileStream(_stat, FileMode.Open, FileAccess.Write))
        {
            spoil.SetLength(0);
            spoil.Write("this is not a stat line\n"u8);
        }

        var failed = provider.RefreshAndCollect();
        Assert.Equal(minor, Value(failed, "process.paging.faults", ("system.paging.fault.type", "minor")));
        Assert.Equal(1, Value(failed, "kstatotel.refresh.failures", ("kstatotel.source", "linux-process")));
        var failure = Assert.Single(events.Named("RefreshFailed"));
        Assert.Equal("linux-process", failure.Payload[0]);
        Assert.Contains("MalformedInputException", failure.Payload[1]);
        Assert.Contains("/proc/[pid]/stat", failure.Payload[1]);
        var ageWhileFailing = Value(failed, "kstatotel.snapshot.age", ("kstatotel.source", "linux-process"));

        Thread.Sleep(50);
        provider.RefreshAndCollect();
        var later = provider.Capture.Latest;
        Assert.True(Value(later, "kstatotel.snapshot.age", ("kstatotel.source", "linux-process")) > ageWhileFailing, "the age grows while refreshes fail");
        Assert.Equal(2, Value(later, "kstatotel.refresh.failures", ("kstatotel.source", "linux-process")));
        Assert.Single(events.Named("RefreshFailed")); // one event per run of failures

        // Repaired, with 100 more minor faults: the new values are published and the recovery reported.
        var offset = original.LastIndexOf(')') + 2;
        var after = original[offset..].Split(' ');
        after[10 - 3] = (minor + 100).ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(_stat, original[..offset] + string.Join(' ', after));
        var recovered = provider.RefreshAndCollect();
        Assert.Equal(minor + 100, Value(recovered, "process.paging.faults", ("system.paging.fault.type", "minor")));
        Assert.Equal(2, Value(recovered, "kstatotel.refresh.failures", ("kstatotel.source", "linux-process")));
        Assert.True(Value(recovered, "kstatotel.snapshot.age", ("kstatotel.source", "linux-process")) < ageWhileFailing);
        var recovery = Assert.Single(events.Named("RefreshRecovered"));
        Assert.Equal(["linux-process", "2"], recovery.Payload);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static long MinorFaults(string stat) =>
        long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[10 - 3], CultureInfo.InvariantCulture);

    private static double Value(IReadOnlyList<Testing.Metrics.CapturedMetric> metrics, string name, params (string, object)[] attributes) =>
        metrics.Single(m => m.Name == name).Point(attributes).Value;
}
