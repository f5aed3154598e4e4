using System.Globalization;
using KstatOtel.Tests.Illumos;
using KstatOtel.Testing.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// libkstat failing under the illumos host module, injected by the stand-in at the refresh that moves the constructed
/// machine from frame 0 to frame 1: ENXIO, EAGAIN (beyond the binding's retries), ENOMEM and EIO from kstat_read,
/// ENOMEM from the simulated kernel, a failed kstat_chain_update, kstats removed between their look-up and their read,
/// and reads whose data lies (record count, STRING pointer or length). Whatever fails: every series of the clean run
/// is still published, each value is either frame 1's (read) or frame 0's (the last good value kept), never anything
/// else, failures are counted, the next refresh publishes exactly what a clean run does, and once the provider is
/// disposed the stand-in holds no memory, no handle, and saw no use of a freed kstat.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class HostFaultTests
{
    private const int ENXIO = 6;
    private const int EAGAIN = 11;
    private const int ENOMEM = 12;
    private const int EIO = 5;

    private readonly ITestOutputHelper _output;

    public HostFaultTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Faults => new()
    {
        "read ENXIO once", "read ENXIO twice", "read EAGAIN persisting", "read ENOMEM", "read EIO x3", "kernel ENOMEM",
        "kernel EAGAIN persisting", "chain_update ENOMEM", "chain_update EAGAIN beyond the retries", "system_pages recreated", "every cpu recreated",
        "corrupt ndata", "corrupt string pointer", "corrupt string length",
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void AFaultKeepsEveryOtherMetricAndTheNextRefreshRecovers(string fault)
    {
        var frame0 = Run(null, refreshes: 0);
        var frame1 = Run(null, refreshes: 1);
        var changed = frame1.Keys.Count(k => frame0.TryGetValue(k, out var v) && v != frame1[k]);
        Assert.True(changed > 20, $"frame 1 moves most values ({changed} moved)");

        using var host = HostHarness.Start([Standin.ConstructedMachine(0), Standin.ConstructedMachine(1)], o => o.Metrics |= KstatMetricFamilies.SelfDiagnostics);
        host.Collect();
        Inject(fault);
        host.Refresh();
        var faulted = Flatten(host.Collect());
        var failures = host.Get("kstatotel.refresh.failures").Point(("kstatotel.source", "illumos-host")).LongValue;

        var kept = 0;
        var moved = 0;
        var keptKeys = new List<string>();
        foreach (var key in frame1.Keys.Union(frame0.Keys))
        {
            var inFrame0 = frame0.TryGetValue(key, out var last);
            var inFrame1 = frame1.TryGetValue(key, out var expected);
            if (!faulted.TryGetValue(key, out var value))
            {
                // Only a series that one frame lacks may be missing: one frame 1 brings (a NIC that appears) when its
                // area kept frame 0, one frame 1 ends (a NIC or CPU gone) when its area moved.
                Assert.True(!(inFrame0 && inFrame1), $"{fault}: the series {key} is no longer published");
                continue;
            }

            if (inFrame1 && value == expected)
            {
                moved++;
            }
            else
            {
                Assert.True(inFrame0 && value == last, $"{fault}: {key} = {value}, neither frame 1's {(inFrame1 ? expected : "none")} nor frame 0's {(inFrame0 ? last : "none")}");
                kept++;
                keptKeys.Add(key);
            }
        }

        Assert.True(moved > 0, $"{fault}: nothing moved to frame 1");
        _output.WriteLine($"{fault}: {moved} values read, {kept} kept at their last good value, failures counted {failures}; kept: {string.Join(" ", keptKeys)}");

        // The next refresh publishes what a clean run publishes, series for series.
        host.Refresh();
        var recovered = Flatten(host.Collect());
        Assert.Equal(frame1.OrderBy(p => p.Key, StringComparer.Ordinal), recovered.OrderBy(p => p.Key, StringComparer.Ordinal));

        host.Dispose();
        Assert.Equal((0L, 0L, 0L, 0L), (Standin.Counter("blocks"), Standin.Counter("bytes"), Standin.Counter("handles"), Standin.Counter("misuse")));
    }

    [Fact]
    public void KstatsRemovedBetweenLookupAndReadStopOnlyTheirSeries()
    {
        using var host = HostHarness.Start([Standin.ConstructedMachine(1)], o => o.Metrics |= KstatMetricFamilies.SelfDiagnostics);
        var before = Flatten(host.Collect());

        // Looked up at start; deleted from the kernel before the next read (reads find ENXIO, the update drops them).
        Assert.Equal(1, Standin.Remove("unix", 0, "system_pages"));
        Assert.True(Standin.Remove("cpu", -1, null) > 0);
        host.Refresh();
        var after = Flatten(host.Collect());
        host.Refresh();
        var later = Flatten(host.Collect());

        // The memory series stop; the sums over CPUs keep what the CPUs had counted (documented), and the rest goes on.
        string[] stopped = ["system.memory.usage", "system.memory.limit"];
        foreach (var (key, value) in before)
        {
            if (stopped.Any(s => key.StartsWith(s, StringComparison.Ordinal)))
            {
                Assert.False(after.ContainsKey(key), $"{key} stopped");
                continue;
            }

            Assert.Equal(value, after.GetValueOrDefault(key));
            Assert.Equal(value, later.GetValueOrDefault(key));
        }

        Assert.Equal(0, host.Get("kstatotel.refresh.failures").Point(("kstatotel.source", "illumos-host")).LongValue);
        host.Dispose();
        Assert.Equal((0L, 0L, 0L, 0L), (Standin.Counter("blocks"), Standin.Counter("bytes"), Standin.Counter("handles"), Standin.Counter("misuse")));
    }

    /// <summary>Arms the fault for the next refresh.</summary>
    private static void Inject(string fault)
    {
        switch (fault)
        {
            case "read ENXIO once":
                Standin.Inject("read", ENXIO, 1); // the binding updates the chain and reads again
                break;
            case "read ENXIO twice":
                Standin.Inject("read", ENXIO, 2);
                break;
            case "read EAGAIN persisting":
                Standin.Inject("read", EAGAIN, Kstat.KstatToken.EagainRetries + 1);
                break;
            case "read ENOMEM":
                Standin.Inject("read", ENOMEM, 1);
                break;
            case "read EIO x3":
                Standin.Inject("read", EIO, 3);
                break;
            case "kernel ENOMEM":
                Standin.Inject("ioctl_read", ENOMEM, 1);
                break;
            case "kernel EAGAIN persisting":
                Standin.Inject("ioctl_read", EAGAIN, 3); // libkstat retries inside kstat_read: no failure at all
                break;
            case "chain_update ENOMEM":
                Standin.Inject("chain_update", ENOMEM, 1);
                break;
            case "chain_update EAGAIN beyond the retries":
                Standin.Inject("chain_update", EAGAIN, Kstat.KstatToken.EagainRetries + 1);
                break;
            case "system_pages recreated":
                // Deleted after its look-up; the next chain update brings frame 1's, a new kstat of the same name.
                Assert.Equal(1, Standin.Remove("unix", 0, "system_pages"));
                break;
            case "every cpu recreated":
                Assert.True(Standin.Remove("cpu", -1, null) > 0);
                break;
            case "corrupt ndata":
                Standin.Corrupt("unix", 0, "system_misc", "ndata", 1_000_000, 1);
                break;
            case "corrupt string pointer":
                Standin.Corrupt(null, -1, null, "string_ptr", 1 << 20, 1);
                break;
            case "corrupt string length":
                Standin.Corrupt(null, -1, null, "string_len", 1 << 30, 1);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such fault");
        }
    }

    /// <summary>The values a clean run publishes after <paramref name="refreshes"/> refreshes.</summary>
    private static Dictionary<string, string> Run(string? fault, int refreshes)
    {
        using var host = HostHarness.Start([Standin.ConstructedMachine(0), Standin.ConstructedMachine(1)], o => o.Metrics |= KstatMetricFamilies.SelfDiagnostics);
        for (var i = 0; i < refreshes; i++)
        {
            host.Refresh();
        }

        _ = fault;
        return Flatten(host.Collect());
    }

    /// <summary>Every point but the health metrics', keyed by name and attributes.</summary>
    private static Dictionary<string, string> Flatten(IReadOnlyList<CapturedMetric> metrics)
    {
        var points = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var metric in metrics.Where(m => !m.Name.StartsWith("kstatotel.snapshot.", StringComparison.Ordinal) && !m.Name.StartsWith("kstatotel.refresh.", StringComparison.Ordinal)))
        {
            foreach (var point in metric.Points)
            {
                var attributes = string.Join(",", point.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
                points[$"{metric.Name}{{{attributes}}}"] = point.Value.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        return points;
    }
}
