using KstatOtel.Taskstats;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The series one collection of the Linux instrumentation produces with the default options, counted and held to the
/// figures of README.md ("What a host costs in series").
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class SeriesCountLinuxTests(ITestOutputHelper output)
{
    private static string WithTaskstats(object delayAccounting) => $"Linux, default options, with `CAP_NET_ADMIN`, `kernel.task_delayacct={delayAccounting}`, cgroup v1";
    private const string ProcfsOnly = "Linux, default options, procfs only (no `CAP_NET_ADMIN`), cgroup v1";
    private IReadOnlyList<KstatOtel.Testing.Metrics.CapturedMetric> _collected = [];

    [SkippableFact]
    public void ProcfsOnlyDefaultsMakeTheDocumentedSeries()
    {
        Skip.IfNot(LinuxFacts.HasCgroupV1Cpu, "the README figure is for a host with a cgroup v1 cpu hierarchy");
        var tally = Count(o => o.LinuxSource = LinuxProcessSource.Procfs);
        Assert.Equal(0, tally.Of("kstatotel.process.delay."));
        Assert.Equal(SeriesTable.Configuration(ProcfsOnly), tally.Total);
    }

    [SkippableFact]
    public void TaskstatsDefaultsMakeTheDocumentedSeries()
    {
        Privileges.RequireNetAdmin();
        Skip.IfNot(LinuxFacts.HasCgroupV1Cpu, "the README figure is for a host with a cgroup v1 cpu hierarchy");
        var delayAccounting = TaskstatsClient.GetDelayAccountingState() == DelayAccountingState.Enabled ? 1 : 0;
        var tally = Count(_ => { });
        var extra = delayAccounting == 1 ? 0 : 2 * KindsCountedWhileOff();
        Assert.Equal((delayAccounting == 1 ? 16 : 2) + extra, tally.Of("kstatotel.process.delay."));
        Assert.Equal(SeriesTable.Configuration(WithTaskstats(delayAccounting)) + extra, tally.Total);
    }

    /// <summary>The other state of kernel.task_delayacct, switched by the test for a new instrumentation and restored.</summary>
    [SkippableFact]
    public void TaskstatsDefaultsWithTheOtherDelayAccountingStateMakeTheDocumentedSeries()
    {
        Privileges.RequireNetAdmin();
        Skip.IfNot(LinuxFacts.HasCgroupV1Cpu, "the README figure is for a host with a cgroup v1 cpu hierarchy");
        Skip.IfNot(LinuxFacts.HasDelayAccountingSysctl, "needs kernel.task_delayacct (Linux 5.14 or later)");
        var original = LinuxFacts.ReadDelayAccounting();
        var other = original == "1" ? "0" : "1";
        try
        {
            LinuxFacts.WriteDelayAccounting(other);
        }
        catch (UnauthorizedAccessException)
        {
            throw new SkipException("writing kernel.task_delayacct needs CAP_SYS_ADMIN");
        }
        catch (IOException)
        {
            throw new SkipException("kernel.task_delayacct is read-only here");
        }

        try
        {
            var tally = Count(_ => { });
            var extra = other == "1" ? 0 : 2 * KindsCountedWhileOff();
            Assert.Equal((other == "1" ? 16 : 2) + extra, tally.Of("kstatotel.process.delay."));
            Assert.Equal(SeriesTable.Configuration(WithTaskstats(other)) + extra, tally.Total);
        }
        finally
        {
            LinuxFacts.WriteDelayAccounting(original);
        }
    }

    private SeriesTally Count(Action<KstatInstrumentationOptions> configure)
    {
        using var provider = InstrumentedProvider.Start(o =>
        {
            configure(o);
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        _collected = provider.RefreshAndCollect();
        var tally = new SeriesTally(_collected);
        output.WriteLine(tally.ToString());
        Assert.Equal(13, tally.Of("process."));
        Assert.Equal(5, tally.Of("kstatotel.cgroup."));
        Assert.Equal(4, tally.Of("kstatotel.snapshot.", "kstatotel.refresh."));
        return tally;
    }

    /// <summary>
    /// With kernel.task_delayacct = 0 the README counts the CPU delay only, but a kind is published once the kernel
    /// has counted a delay of it for this process: threads started while another test had delay accounting on keep
    /// counting. Returns how many such kinds the last collection published (each must hold a count).
    /// </summary>
    private int KindsCountedWhileOff()
    {
        var counts = _collected.Single(m => m.Name == "kstatotel.process.delay.count").Points;
        var others = counts.Where(p => !Equals(p.Attribute("kstatotel.delay.kind"), "cpu")).ToList();
        Assert.All(others, p => Assert.True(p.Value > 0, $"kind {p.Attribute("kstatotel.delay.kind")} published without a delay counted"));
        output.WriteLine($"kinds counted with delay accounting off: {string.Join(", ", others.Select(p => p.Attribute("kstatotel.delay.kind")))}");
        return others.Count;
    }
}
