using System.Diagnostics.Tracing;
using KstatOtel.Diagnostics;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// Kstats that are missing (Oracle Solaris and illumos differ, zones see less), that vanish, or that fail to read
/// drop only the metrics they feed, with one event saying why; everything else keeps flowing.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class MissingKstatTests
{
    private const int EIO = 5;

    [Fact]
    public void AMissingKstatDropsOnlyItsMetricsAndIsReportedOnce()
    {
        using var events = new IllumosEvents();

        // Only CPUs: no unix:0:system_pages, no system_misc, no disks, no links, no arcstats.
        using var host = HostHarness.Start([Standin.Constructed("cpu-frame0.kstat"), Standin.Constructed("cpu-frame1.kstat")]);
        host.Collect();
        host.Refresh();
        host.Collect();

        Assert.NotNull(host.Capture.Find("system.cpu.time"));
        Assert.NotNull(host.Capture.Find("system.paging.faults"));
        Assert.Null(host.Capture.Find("system.memory.usage"));
        Assert.Null(host.Capture.Find("system.memory.limit"));
        Assert.Null(host.Capture.Find("kstatotel.system.load_average.1m"));
        Assert.Null(host.Capture.Find("system.disk.io"));
        Assert.Null(host.Capture.Find("kstatotel.zfs.arc.size"));

        var memory = events.Where(e => e.EventId == 10 && (string?)e.Payload![0] == "system.memory.usage").ToList();
        var unavailable = Assert.Single(memory);
        Assert.Contains("unix:0:system_pages", (string)unavailable.Payload![1]!, StringComparison.Ordinal);
        Assert.Single(events.Where(e => e.EventId == 10 && (string?)e.Payload![0] == "kstatotel.system.load_average.1m"));
        Assert.Single(events.Where(e => e.EventId == 52 && (string?)e.Payload![0] == "kstatotel.zfs.arc.size"));
        Assert.Single(events.Where(e => e.EventId == 52 && (string?)e.Payload![0] == "system.disk.io"));
        Assert.Equal(0, host.Core.Exchange.CurrentForWriter!.Parts[0].TotalFailures);
    }

    [Fact]
    public void AKstatThatVanishesMidRunStopsItsSeriesOnly()
    {
        using var host = HostHarness.Start([Standin.ConstructedMachine(0)]);
        host.Collect();
        Assert.NotNull(host.Capture.Find("system.memory.usage"));

        // The kstat is deleted from the kernel: its next read fails with ENXIO and the chain update drops it.
        Assert.Equal(1, Standin.Remove("unix", 0, "system_pages"));
        host.Refresh();
        host.Collect();
        Assert.Null(host.Capture.Find("system.memory.usage"));
        Assert.NotNull(host.Capture.Find("system.cpu.time"));
        Assert.NotNull(host.Capture.Find("kstatotel.system.load_average.1m"));
        Assert.Equal(0, host.Core.Exchange.CurrentForWriter!.Parts[0].TotalFailures);
    }

    [Fact]
    public void AFailingReadKeepsThatAreaAtItsLastGoodValuesAndCountsAFailure()
    {
        using var events = new IllumosEvents();
        using var host = HostHarness.Start([Standin.ConstructedMachine(0), Standin.ConstructedMachine(1)], o => o.Metrics |= KstatMetricFamilies.SelfDiagnostics);
        host.Collect();

        // The first kstat_read of the next refresh fails with EIO: that is the CPU collector's (it reads first).
        Standin.Inject("read", EIO, 1);
        host.Refresh();
        host.Collect();

        // The CPU area keeps frame 0; the other areas moved to frame 1; the failure is counted and reported.
        Assert.Equal(25920, host.Get("system.cpu.time").Point(("cpu.mode", "user")).Value, 1e-6);
        Assert.Equal(307 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.1m").Points).Value);
        Assert.Equal(1, host.Get("kstatotel.refresh.failures").Point(("kstatotel.source", "illumos-host")).LongValue);
        var failed = Assert.Single(events.Where(e => e.EventId == 6));
        Assert.Contains("cpu:N:sys", (string)failed.Payload![1]!, StringComparison.Ordinal);

        // And the next refresh recovers.
        host.Refresh();
        host.Collect();
        Assert.Equal(25922, host.Get("system.cpu.time").Point(("cpu.mode", "user")).Value, 1e-6);
        Assert.Single(events.Where(e => e.EventId == 8));
    }

    /// <summary>Collects the KstatOtel events written while it lives.</summary>
    private sealed class IllumosEvents : EventListener
    {
        private readonly List<EventWrittenEventArgs> _events = [];

        public IEnumerable<EventWrittenEventArgs> Where(Func<EventWrittenEventArgs, bool> predicate)
        {
            lock (_events)
            {
                return _events.Where(predicate).ToList();
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == KstatOtelEventSource.EventSourceName)
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            lock (_events)
            {
                _events.Add(eventData);
            }
        }
    }
}
