using KstatOtel.Illumos.Host;
using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>options.AddKstat: any named statistic as an instrument, wildcards becoming attributes.</summary>
[Collection(IllumosStandinCollection.Name)]
public class AddKstatTests
{
    private static readonly string[] Machine = [Standin.ConstructedMachine(0), Standin.ConstructedMachine(1)];

    [Fact]
    public void AnExactStatisticIsOneSeriesWithoutAttributes()
    {
        // A real capture: zfs:0:arcstats l2_size 0, mfu_size from the same read.
        using var host = HostHarness.Start(
            [Standin.Capture("illumos-zfs--0--arcstats.kstat")],
            o =>
            {
                o.Metrics = KstatMetricFamilies.None;
                o.AddKstat("zfs:0:arcstats:l2_size", "test.zfs.l2.size", "By", KstatInstrumentKind.UpDownCounter)
                    .AddKstat("zfs:0:arcstats:hits", "test.zfs.hits", "{hit}", KstatInstrumentKind.Counter, "ARC hits.");
            });
        host.Collect();
        var l2 = host.Get("test.zfs.l2.size");
        Assert.Equal(("By", MetricKind.Sum, false), (l2.Unit, l2.Kind, l2.IsMonotonic));
        Assert.Equal(0.0, Assert.Single(l2.Points).DoubleValue);
        Assert.Empty(l2.Points[0].Attributes);
        Assert.Equal("The kstat statistic zfs:0:arcstats:l2_size, added with AddKstat.", l2.Description);

        var hits = host.Get("test.zfs.hits");
        Assert.Equal(("{hit}", MetricKind.Sum, true, "ARC hits."), (hits.Unit, hits.Kind, hits.IsMonotonic, hits.Description));
        Assert.Equal(13655303985.0, Assert.Single(hits.Points).DoubleValue);

        // Nothing else: the built-in families are off, the custom statistics still publish.
        Assert.Equal(["test.zfs.hits", "test.zfs.l2.size"], host.Capture.Latest.Select(m => m.Name).Order());
    }

    [Fact]
    public void WildcardsBecomeAttributes()
    {
        using var host = HostHarness.Start(Machine, o =>
        {
            o.Metrics = KstatMetricFamilies.None;
            o.AddKstat("cpu:*:sys:cpu_nsec_user", "test.cpu.user", "ns", KstatInstrumentKind.Counter)
                .AddKstat("link:0:net*:ifspeed", "test.link.speed", "bit/s", KstatInstrumentKind.Gauge)
                .AddKstat("*:*:*:avenrun_1min", "test.load", "1", KstatInstrumentKind.Gauge);
        });
        host.Collect();
        var user = host.Get("test.cpu.user");
        Assert.Equal(17280000000000.0, user.Point(("kstatotel.kstat.instance", 0L)).DoubleValue);
        Assert.Equal(8640000000000.0, user.Point(("kstatotel.kstat.instance", 1L)).DoubleValue);
        Assert.All(user.Points, p => Assert.Equal(["kstatotel.kstat.instance"], p.Attributes.Keys));

        var speed = host.Get("test.link.speed");
        Assert.Equal(MetricKind.Gauge, speed.Kind);
        Assert.Equal(["net0", "net1"], speed.Points.Select(p => (string)p.Attribute("kstatotel.kstat.name")!).Order());
        Assert.All(speed.Points, p => Assert.Equal(10000000000.0, p.DoubleValue));

        // Every part a wildcard: module, instance and name are all attributes. unix:0:system_misc and the zones.
        var load = host.Get("test.load");
        Assert.Equal(166.0, load.Point(("kstatotel.kstat.module", "unix"), ("kstatotel.kstat.instance", 0L), ("kstatotel.kstat.name", "system_misc")).DoubleValue);
        Assert.Equal(90.0, load.Point(("kstatotel.kstat.module", "zones"), ("kstatotel.kstat.name", "web01")).DoubleValue);

        // Frame 1: CPU 1 went offline, net1 vanished, net2 appeared; the series follow the chain.
        host.Refresh();
        host.Collect();
        Assert.Equal(17282000000000.0, Assert.Single(host.Get("test.cpu.user").Points).DoubleValue);
        Assert.Equal(["net0", "net2"], host.Get("test.link.speed").Points.Select(p => (string)p.Attribute("kstatotel.kstat.name")!).Order());
    }

    [Fact]
    public void A32BitCounterIsCarriedOverItsWrap()
    {
        // link:0:net0:rbytes (UINT32) 4294000000 -> 99032704: the kernel counter wrapped once (100 MB received).
        using var host = HostHarness.Start(Machine, o =>
        {
            o.Metrics = KstatMetricFamilies.None;
            o.AddKstat("link:0:net0:rbytes", "test.rbytes32", "By", KstatInstrumentKind.Counter)
                .AddKstat("link:0:net0:rbytes", "test.rbytes32.gauge", "By", KstatInstrumentKind.Gauge);
        });
        host.Collect();
        Assert.Equal(4294000000.0, Assert.Single(host.Get("test.rbytes32").Points).DoubleValue);
        host.Refresh();
        host.Collect();
        Assert.Equal(4394000000.0, Assert.Single(host.Get("test.rbytes32").Points).DoubleValue);

        // As a gauge the raw value is published, as the kernel holds it.
        Assert.Equal(99032704.0, Assert.Single(host.Get("test.rbytes32.gauge").Points).DoubleValue);
    }

    [Fact]
    public void StatisticsThatCannotBePublishedAreReportedAndSkipped()
    {
        using var host = HostHarness.Start(Machine, o =>
        {
            o.Metrics = KstatMetricFamilies.None;
            o.AddKstat("nosuch:*:*:x", "test.nothing", "1", KstatInstrumentKind.Gauge)
                .AddKstat("link:0:*:zonename", "test.text", "1", KstatInstrumentKind.Gauge)
                .AddKstat("link:0:*:nosuch", "test.missing", "1", KstatInstrumentKind.Gauge)
                .AddKstat("unix:0:system_misc:ncpus", "test.ncpus", "{cpu}", KstatInstrumentKind.UpDownCounter);
        });
        host.Collect();
        Assert.Null(host.Capture.Find("test.nothing"));
        Assert.Null(host.Capture.Find("test.text"));
        Assert.Null(host.Capture.Find("test.missing"));
        Assert.Equal(2.0, Assert.Single(host.Get("test.ncpus").Points).DoubleValue);
        var reported = host.Module.Context.Availability.Reported;
        Assert.Contains("test.nothing", reported);
        Assert.Contains("test.text from link:0:net0", reported);
        Assert.Contains("test.missing from link:0:net1", reported);
    }

    [Theory]
    [InlineData("zfs:0:arcstats")]
    [InlineData("zfs:0:arcstats:")]
    [InlineData(":0:arcstats:size")]
    [InlineData("zfs:x:arcstats:size")]
    [InlineData("zfs:-1:arcstats:size")]
    [InlineData("zfs:0::size")]
    [InlineData("zfs:0:arcstats:s*")]
    public void MalformedStatisticsAreRefusedAtOnce(string statistic)
    {
        var options = new KstatInstrumentationOptions();
        var error = Assert.Throws<ArgumentException>(() => options.AddKstat(statistic, "n", "1", KstatInstrumentKind.Gauge));
        Assert.Contains(statistic, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesMustBeUniqueAndKindsKnown()
    {
        var options = new KstatInstrumentationOptions().AddKstat("a:0:b:c", "n", "1", KstatInstrumentKind.Gauge);
        Assert.Throws<ArgumentException>(() => options.AddKstat("a:0:b:d", "n", "1", KstatInstrumentKind.Gauge));
        Assert.Throws<ArgumentException>(() => options.AddKstat("a:0:b:d", " ", "1", KstatInstrumentKind.Gauge));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.AddKstat("a:0:b:d", "m", "1", (KstatInstrumentKind)7));
    }

    [Fact]
    public void ClonedOptionsDoNotSeeLaterAdditions()
    {
        var options = new KstatInstrumentationOptions().AddKstat("a:0:b:c", "one", "1", KstatInstrumentKind.Gauge);
        var clone = options.Clone();
        options.AddKstat("a:0:b:d", "two", "1", KstatInstrumentKind.Gauge);
        Assert.Equal(["one"], clone.KstatStatistics.Select(s => s.InstrumentName));
        Assert.Contains("a:0:b:c as one (Gauge, 1)", KstatInstrumentation.Describe(clone), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sd*", "sd0", true)]
    [InlineData("sd*", "sd0,a", true)]
    [InlineData("sd?", "sd10", false)]
    [InlineData("sd??", "sd10", true)]
    [InlineData("*_zone_*", "lockedmem_zone_5", true)]
    [InlineData("*_zone_*", "lockedmem_project_0", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "abxbc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("arcstats", "arcstats", true)]
    [InlineData("arcstats", "arcstats2", false)]
    public void GlobsMatchLikeTheShell(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, KstatStatisticSpec.Glob(pattern, text));
    }
}
