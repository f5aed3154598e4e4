using KstatOtel.Tests.Linux.Support;

namespace KstatOtel.Tests.Linux;

/// <summary>A metric family that is off creates no instrument; one that is on creates its instruments only.</summary>
[Collection(InstrumentationCollection.Name)]
public class MetricFamiliesTests
{
    public static TheoryData<KstatMetricFamilies, string[]> Families => new()
    {
        { KstatMetricFamilies.ProcessCpu, ["process.cpu.time"] },
        { KstatMetricFamilies.ProcessMemory, ["process.memory.usage", "process.memory.virtual"] },
        { KstatMetricFamilies.ProcessDisk, ["process.disk.io"] },
        { KstatMetricFamilies.ProcessContextSwitches, ["process.context_switches"] },
        { KstatMetricFamilies.ProcessPaging, ["process.paging.faults"] },
        { KstatMetricFamilies.ProcessResources, ["process.thread.count", "process.unix.file_descriptor.count", "process.uptime"] },
        { KstatMetricFamilies.SelfDiagnostics, ["kstatotel.snapshot.age", "kstatotel.refresh.failures"] },
        { KstatMetricFamilies.None, [] },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void EachFamilyCreatesItsInstrumentsOnly(KstatMetricFamilies family, string[] expected)
    {
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = family;
            o.LinuxSource = LinuxProcessSource.Procfs;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        Assert.Equal(expected.Order(), provider.Core.Instruments.Select(i => i.Name).Order());
        var exported = provider.RefreshAndCollect();
        Assert.All(exported.Where(m => !m.Name.StartsWith("kstatotel.", StringComparison.Ordinal)), m => Assert.NotEmpty(m.Points));
    }

    [SkippableFact]
    public void DelayFamiliesNeedTaskstatsAndTheMaximumIsOptIn()
    {
        Testing.Privileges.RequireNetAdmin();
        using (var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = KstatMetricFamilies.ProcessDelays;
            o.RefreshInterval = TimeSpan.FromHours(1);
        }))
        {
            Assert.Equal(["kstatotel.process.delay.count", "kstatotel.process.delay.time"], provider.Core.Instruments.Select(i => i.Name).Order());
        }

        using (var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = KstatMetricFamilies.ProcessDelays | KstatMetricFamilies.ProcessDelayMaximum;
            o.RefreshInterval = TimeSpan.FromHours(1);
        }))
        {
            Assert.Equal(["kstatotel.process.delay.count", "kstatotel.process.delay.max", "kstatotel.process.delay.time"], provider.Core.Instruments.Select(i => i.Name).Order());
            var max = provider.RefreshAndCollect().Single(m => m.Name == "kstatotel.process.delay.max");
            Assert.True(max.Point(("kstatotel.delay.kind", "cpu")).Value > 0, "some thread of this process waited for a CPU");
        }
    }

    [Fact]
    public void ProportionalSetSizeIsOptIn()
    {
        using (var provider = InstrumentedProvider.Start(o => o.Metrics = KstatMetricFamilies.ProcessMemory))
        {
            Assert.DoesNotContain(provider.Core.Instruments, i => i.Name == "kstatotel.process.memory.pss");
        }

        using (var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = KstatMetricFamilies.ProcessMemory;
            o.IncludeProportionalSetSize = true;
        }))
        {
            var metrics = provider.RefreshAndCollect();
            var pss = metrics.Single(m => m.Name == "kstatotel.process.memory.pss").Points.Single().Value;
            var rss = metrics.Single(m => m.Name == "process.memory.usage").Points.Single().Value;
            Assert.InRange(pss, 1, rss * 1.1);
        }
    }
}
