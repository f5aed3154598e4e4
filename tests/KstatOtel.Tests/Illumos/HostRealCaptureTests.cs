using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// The host instruments over real captures of tests/fixtures/kstat (illumos, SmartOS, Solaris 11.4), served as one
/// frame by the stand-in; every value is checked against the capture's numbers (quoted next to each assertion).
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class HostRealCaptureTests
{
    private static readonly string RealMachine = Standin.Frame(
        Standin.Capture("illumos-cpu--3--sys.kstat"),
        Standin.Capture("illumos-cpu--0--vm.kstat"),
        Standin.Capture("illumos-cpu_info--0--cpu_info0.kstat"),
        Standin.Capture("illumos-link--0--dns_net0.kstat"),
        Standin.Capture("ddagent-link-net0-net1-smartos.kstat"),
        Standin.Capture("illumos-zfs--0--arcstats.kstat"),
        Standin.Capture("illumos-memory_cap--7--serv-wf.kstat"),
        Standin.Capture("ddagent-memory_cap-smartos.kstat"),
        Standin.Capture("illumos-zones--5--cube-ws.kstat"),
        Standin.Capture("opensvc-system_pages-sol11.4-docstring.kstat"),
        Standin.Capture("illumos-man-kstat-ex1-system_misc-avenrun.kstat"));

    [Fact]
    public void CpuTimesComeFromCpuNsecInSeconds()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();
        var time = host.Get("system.cpu.time");
        Assert.Equal(("s", MetricKind.Sum, true), (time.Unit, time.Kind, time.IsMonotonic));

        // cpu:3:sys cpu_nsec_user 105926508484786, cpu_nsec_kernel 31203774025847, cpu_nsec_idle 595093047840217,
        // cpu_nsec_intr 3203901292813 (the only cpu:N:sys of the frame). No cpu_nsec_wait exists, no wait mode either.
        Assert.Equal(105926.508484786, time.Point(("cpu.mode", "user")).Value, 1e-6);
        Assert.Equal(31203.774025847, time.Point(("cpu.mode", "system")).Value, 1e-6);
        Assert.Equal(595093.047840217, time.Point(("cpu.mode", "idle")).Value, 1e-6);
        Assert.Equal(3203.901292813, time.Point(("cpu.mode", "interrupt")).Value, 1e-6);
        Assert.Equal(4, time.Points.Count);
        Assert.All(time.Points, p => Assert.Equal(["cpu.mode"], p.Attributes.Keys));
    }

    [Fact]
    public void CpuLogicalNumberIsOptIn()
    {
        using var host = HostHarness.Start([RealMachine], o => o.IncludeCpuLogicalNumber = true);
        host.Collect();
        var time = host.Get("system.cpu.time");
        Assert.Equal(4, time.Points.Count);
        Assert.Equal(105926.508484786, time.Point(("cpu.mode", "user"), ("cpu.logical_number", 3L)).Value, 1e-6);
        Assert.All(time.Points, p => Assert.Equal(3L, p.Attribute("cpu.logical_number")));
    }

    [Fact]
    public void PagingIsSummedFromCpuVm()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();
        var operations = host.Get("system.paging.operations");
        Assert.Equal(("{operation}", true), (operations.Unit, operations.IsMonotonic));
        Assert.Equal(4245, operations.Point(("system.paging.direction", "in")).LongValue); // cpu:0:vm:pgin
        Assert.Equal(836, operations.Point(("system.paging.direction", "out")).LongValue); // pgout
        var faults = host.Get("system.paging.faults");
        Assert.Equal(4245, faults.Point(("system.paging.fault.type", "major")).LongValue); // maj_fault
        Assert.Equal(626074006 + 0, faults.Point(("system.paging.fault.type", "minor")).LongValue); // as_fault + hat_fault
    }

    [Fact]
    public void FrequencyComesFromCpuInfo()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();
        var current = host.Get("system.cpu.frequency");
        Assert.Equal(("Hz", MetricKind.Gauge), (current.Unit, current.Kind));

        // cpu_info:0:cpu_info0 current_clock_Hz 2701000000; supported_frequencies_Hz 800000000:...:2701000000.
        Assert.Equal(2701000000, current.Point(("cpu.logical_number", 0L)).LongValue);
        Assert.Single(current.Points);
        Assert.Equal(2701000000, host.Get("kstatotel.system.cpu.frequency.max").Point(("cpu.logical_number", 0L)).LongValue);
    }

    [Fact]
    public void OfflineCpusOfARealSixteenCpuCaptureHaveNoFrequency()
    {
        // ohai's 16-CPU capture: the even CPUs say state off-line, the odd ones on-line at 2925945978 Hz.
        using var host = HostHarness.Start([Standin.Capture("ohai-cpu_info-x86.kstat")]);
        host.Collect();
        var current = host.Get("system.cpu.frequency");
        Assert.Equal([1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L], current.Points.Select(p => (long)p.Attribute("cpu.logical_number")!).Order());
        Assert.All(current.Points, p => Assert.Equal(2925945978, p.LongValue));
        Assert.All(host.Get("kstatotel.system.cpu.frequency.max").Points, p => Assert.Equal(2925945978, p.LongValue));

        // No cpu:N:sys in that capture: system.cpu.time publishes nothing at all rather than zeros.
        Assert.Null(host.Capture.Find("system.cpu.time"));
        Assert.Contains("system.cpu.time", host.Module.Context.Availability.Reported);
    }

    [Fact]
    public void MemoryIsSystemPagesTimesThePageSize()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();
        long page = Environment.SystemPageSize;

        // opensvc Solaris 11.4 capture: physmem 1048463, freemem 51757 (pages).
        var limit = host.Get("system.memory.limit");
        Assert.Equal(("By", MetricKind.Sum, false), (limit.Unit, limit.Kind, limit.IsMonotonic));
        Assert.Equal(1048463 * page, Assert.Single(limit.Points).LongValue);
        var usage = host.Get("system.memory.usage");
        Assert.Equal(51757 * page, usage.Point(("system.memory.state", "free")).LongValue);
        Assert.Equal((1048463 - 51757) * page, usage.Point(("system.memory.state", "used")).LongValue);
    }

    [Fact]
    public void LoadAveragesAreAvenrunOver256AndUptimeNeedsBootTime()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();

        // kstat(8) example: avenrun_1min 4, avenrun_5min 2, avenrun_15min 3.
        Assert.Equal(4 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.1m").Points).Value);
        Assert.Equal(2 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.5m").Points).Value);
        Assert.Equal(3 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.15m").Points).Value);

        // That system_misc has no boot_time: no uptime, said once.
        Assert.Null(host.Capture.Find("system.uptime"));
        Assert.Contains("system.uptime", host.Module.Context.Availability.Reported);
    }

    [Fact]
    public void LinksUseThe64BitCounters()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();
        var io = host.Get("system.network.io");
        Assert.Equal(("By", true), (io.Unit, io.IsMonotonic));

        // link:0:dns_net0 rbytes64 1518773044, obytes64 69053870, ipackets64 1637072, opackets64 687231.
        Assert.Equal(1518773044, io.Point(("network.interface.name", "dns_net0"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(69053870, io.Point(("network.interface.name", "dns_net0"), ("network.io.direction", "transmit")).LongValue);
        var packets = host.Get("system.network.packet.count");
        Assert.Equal(1637072, packets.Point(("system.device", "dns_net0"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(687231, packets.Point(("system.device", "dns_net0"), ("network.io.direction", "transmit")).LongValue);

        // SmartOS zone, link:0:net1: rbytes64 304384894, ipackets64 4947620, oerrors 0, norcvbuf 0.
        Assert.Equal(304384894, io.Point(("network.interface.name", "net1"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(4947620, packets.Point(("system.device", "net1"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(0, host.Get("system.network.errors").Point(("network.interface.name", "net1"), ("network.io.direction", "transmit")).LongValue);
        Assert.Equal(0, host.Get("system.network.packet.dropped").Point(("network.interface.name", "net1"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(["dns_net0", "net0", "net1"], io.Points.Select(p => (string)p.Attribute("network.interface.name")!).Distinct().Order());
    }

    [Fact]
    public void ZfsArcComesFromArcstats()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();

        // zfs:0:arcstats size 6288831664, c 6753403688 (listed twice in the capture), c_min 1961788416,
        // c_max 15694307328, hits 13655303985, misses 1777681565.
        Assert.Equal(6288831664, Assert.Single(host.Get("kstatotel.zfs.arc.size").Points).LongValue);
        Assert.Equal(6753403688, Assert.Single(host.Get("kstatotel.zfs.arc.target_size").Points).LongValue);
        Assert.Equal(1961788416, Assert.Single(host.Get("kstatotel.zfs.arc.min_size").Points).LongValue);
        Assert.Equal(15694307328, Assert.Single(host.Get("kstatotel.zfs.arc.max_size").Points).LongValue);
        var requests = host.Get("kstatotel.zfs.arc.requests");
        Assert.True(requests.IsMonotonic);
        Assert.Equal(13655303985, requests.Point(("kstatotel.zfs.arc.result", "hit")).LongValue);
        Assert.Equal(1777681565, requests.Point(("kstatotel.zfs.arc.result", "miss")).LongValue);
    }

    [Fact]
    public void ZoneMemoryCapsCarryTheFullZoneName()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();
        var usage = host.Get("kstatotel.zone.memory.usage");

        // memory_cap:7:serv-wf rss 388493312, swap 454160384, physcap 17592186040320, swapcap 2^64-1 (no cap).
        Assert.Equal(388493312, usage.Point(("kstatotel.zone.name", "serv-wf"), ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.Equal(454160384, usage.Point(("kstatotel.zone.name", "serv-wf"), ("kstatotel.zone.memory.type", "swap")).LongValue);
        var limit = host.Get("kstatotel.zone.memory.limit");
        Assert.Equal(17592186040320, limit.Point(("kstatotel.zone.name", "serv-wf"), ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.DoesNotContain(limit.Points, p => p.HasAttributes(("kstatotel.zone.name", "serv-wf"), ("kstatotel.zone.memory.type", "swap")));

        // SmartOS: the kstat name is the zone UUID cut at 30 characters; the series has the whole zonename.
        const string Zone = "53aa9b7e-48ba-4152-a52b-a6368c3d9e7c";
        Assert.Equal(115544064, usage.Point(("kstatotel.zone.name", Zone), ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.Equal(536870912, limit.Point(("kstatotel.zone.name", Zone), ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.Equal(1073741824, limit.Point(("kstatotel.zone.name", Zone), ("kstatotel.zone.memory.type", "swap")).LongValue);
        Assert.Equal(0, host.Get("kstatotel.zone.memory.paged_out").Point(("kstatotel.zone.name", Zone)).LongValue);
        Assert.Equal(0, host.Get("kstatotel.zone.memory.cap_exceeded").Point(("kstatotel.zone.name", Zone)).LongValue);
    }

    [Fact]
    public void ZoneCpuTimeComesFromZoneMisc()
    {
        using var host = HostHarness.Start([RealMachine]);
        host.Collect();

        // zones:5:cube-ws nsec_user 227321585182107, nsec_sys 1971772437360, nsec_waitrq 125888182634147.
        var time = host.Get("kstatotel.zone.cpu.time");
        Assert.Equal(227321.585182107, time.Point(("kstatotel.zone.name", "cube-ws"), ("cpu.mode", "user")).Value, 1e-6);
        Assert.Equal(1971.77243736, time.Point(("kstatotel.zone.name", "cube-ws"), ("cpu.mode", "system")).Value, 1e-6);
        Assert.Equal(125888.182634147, host.Get("kstatotel.zone.cpu.wait_time").Point(("kstatotel.zone.name", "cube-ws")).Value, 1e-6);
    }
}
