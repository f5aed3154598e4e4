using KstatOtel.Testing.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// The host instruments over the constructed machine of tests/fixtures/kstat/constructed (marked constructed: no
/// capture has two frames or disk timings), two frames 10 s apart: counters advance, the 32-bit disk counters wrap,
/// CPU 1 goes offline, link net1 vanishes and net2 appears. Values are the fixtures' numbers.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class HostFramesTests
{
    private static readonly string[] Machine = [Standin.ConstructedMachine(0), Standin.ConstructedMachine(1)];

    [Fact]
    public void CpuTimesAdvanceAndTheSumKeepsAnOfflineCpu()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        var time = host.Get("system.cpu.time");

        // Frame 0: cpu 0 user 17280 s + cpu 1 user 8640 s, kernel 8639.94 + 4319.94, idle 60480 + 73440, intr 0.1464 x 2.
        Assert.Equal(25920, time.Point(("cpu.mode", "user")).Value, 1e-6);
        Assert.Equal(12959.88, time.Point(("cpu.mode", "system")).Value, 1e-6);
        Assert.Equal(133920, time.Point(("cpu.mode", "idle")).Value, 1e-6);
        Assert.Equal(0.2928, time.Point(("cpu.mode", "interrupt")).Value, 1e-9);

        host.Refresh();
        host.Collect();
        time = host.Get("system.cpu.time");

        // Frame 1: cpu 1 went offline (cpu:1:sys deleted); cpu 0 ran 10 s more (user 17282, kernel 8640.94, idle
        // 60487, intr 0.14641). The sums keep cpu 1's last values: they advance and never go down.
        Assert.Equal(17282 + 8640, time.Point(("cpu.mode", "user")).Value, 1e-6);
        Assert.Equal(8640.94 + 4319.94, time.Point(("cpu.mode", "system")).Value, 1e-6);
        Assert.Equal(60487 + 73440, time.Point(("cpu.mode", "idle")).Value, 1e-6);
        Assert.Equal(0.14641 + 0.1464, time.Point(("cpu.mode", "interrupt")).Value, 1e-9);
    }

    [Fact]
    public void PerCpuSeriesOfAnOfflineCpuStop()
    {
        using var host = HostHarness.Start(Machine, o => o.IncludeCpuLogicalNumber = true);
        host.Collect();
        Assert.Equal([0L, 1L], CpuIds(host.Get("system.cpu.time")));
        Assert.Equal([0L, 1L], CpuIds(host.Get("system.cpu.frequency")));
        Assert.Equal(8640, host.Get("system.cpu.time").Point(("cpu.mode", "user"), ("cpu.logical_number", 1L)).Value, 1e-6);

        host.Refresh();
        var exported = host.Collect();

        // cpu:1:sys is gone and cpu_info:1 says off-line: no series for CPU 1 any more, nothing thrown, no failure.
        Assert.Equal([0L], CpuIds(host.Get("system.cpu.time")));
        Assert.Equal([0L], CpuIds(host.Get("system.cpu.frequency")));
        Assert.Equal([0L], CpuIds(host.Get("kstatotel.system.cpu.frequency.max")));
        Assert.Equal(17282, host.Get("system.cpu.time").Point(("cpu.mode", "user"), ("cpu.logical_number", 0L)).Value, 1e-6);
        Assert.Equal(0, host.Core.Exchange.CurrentForWriter!.Parts[0].TotalFailures);
        Assert.NotEmpty(exported);
    }

    [Fact]
    public void FrequenciesComeFromCpuInfo()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();

        // cpu_info:N current_clock_Hz 2400000000, supported_frequencies_Hz 1200000000:1800000000:2400000000.
        Assert.All(host.Get("system.cpu.frequency").Points, p => Assert.Equal(2400000000, p.LongValue));
        Assert.All(host.Get("kstatotel.system.cpu.frequency.max").Points, p => Assert.Equal(2400000000, p.LongValue));
    }

    [Fact]
    public void PagingSumsKeepAnOfflineCpu()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        var faults = host.Get("system.paging.faults");
        Assert.Equal(4320 * 2, faults.Point(("system.paging.fault.type", "major")).LongValue);
        Assert.Equal(604800000L * 2, faults.Point(("system.paging.fault.type", "minor")).LongValue);
        Assert.Equal(4320 * 2, host.Get("system.paging.operations").Point(("system.paging.direction", "in")).LongValue);
        Assert.Equal(864 * 2, host.Get("system.paging.operations").Point(("system.paging.direction", "out")).LongValue);

        host.Refresh();
        host.Collect();

        // cpu:0:vm as_fault 604800000 -> 604870000; cpu:1:vm is gone and keeps counting in the sum.
        Assert.Equal(604870000L + 604800000, host.Get("system.paging.faults").Point(("system.paging.fault.type", "minor")).LongValue);
    }

    [Fact]
    public void MemoryLoadAndUptimeFollowTheFrames()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        long page = Environment.SystemPageSize;

        // system_pages: physmem 4194304, freemem 2516582 then 2490368. system_misc avenrun 166/140/122 then 307/171/128.
        Assert.Equal(4194304 * page, Assert.Single(host.Get("system.memory.limit").Points).LongValue);
        Assert.Equal(2516582 * page, host.Get("system.memory.usage").Point(("system.memory.state", "free")).LongValue);
        Assert.Equal((4194304 - 2516582) * page, host.Get("system.memory.usage").Point(("system.memory.state", "used")).LongValue);
        Assert.Equal(166 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.1m").Points).Value);
        Assert.Equal(140 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.5m").Points).Value);
        Assert.Equal(122 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.15m").Points).Value);

        // boot_time 1700000000; the harness's clock says 1700086400.5.
        var uptime = host.Get("system.uptime");
        Assert.Equal(("s", MetricKind.Gauge), (uptime.Unit, uptime.Kind));
        Assert.Equal(86400.5, Assert.Single(uptime.Points).Value, 1e-6);

        host.Refresh();
        host.Collect();
        Assert.Equal(2490368 * page, host.Get("system.memory.usage").Point(("system.memory.state", "free")).LongValue);
        Assert.Equal(307 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.1m").Points).Value);
        Assert.Equal(171 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.5m").Points).Value);
        Assert.Equal(128 / 256.0, Assert.Single(host.Get("kstatotel.system.load_average.15m").Points).Value);
    }

    [Fact]
    public void DisksAdvanceAndThe32BitCountersCarryOverTheirWrap()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        var io = host.Get("system.disk.io");
        Assert.Equal(("By", MetricKind.Sum, true), (io.Unit, io.Kind, io.IsMonotonic));

        // Class disk only: sd0, sd1 and the pool rpool; the partition sd0,a (class partition) is not a disk.
        Assert.Equal(["rpool", "sd0", "sd1"], io.Points.Select(p => (string)p.Attribute("system.device")!).Distinct().Order());

        // sd0 frame 0: nread 53687091200, nwritten 21474836480, reads 3115833, writes 957377, rtime 3600.000000003,
        // rlentime 5400.000000004 + wlentime 150.000000002, rcnt 1 + wcnt 0.
        Assert.Equal(53687091200, io.Point(("system.device", "sd0"), ("disk.io.direction", "read")).LongValue);
        Assert.Equal(21474836480, io.Point(("system.device", "sd0"), ("disk.io.direction", "write")).LongValue);
        var operations = host.Get("system.disk.operations");
        Assert.Equal(3115833, operations.Point(("system.device", "sd0"), ("disk.io.direction", "read")).LongValue);
        Assert.Equal(957377, operations.Point(("system.device", "sd0"), ("disk.io.direction", "write")).LongValue);
        Assert.Equal(3600.000000003, host.Get("system.disk.io_time").Point(("system.device", "sd0")).Value, 1e-9);
        Assert.Equal(5550.000000006, host.Get("system.disk.operation_time").Point(("system.device", "sd0")).Value, 1e-9);
        var pending = host.Get("system.disk.pending_operations");
        Assert.Equal(("{operation}", MetricKind.Sum, false), (pending.Unit, pending.Kind, pending.IsMonotonic));
        Assert.Equal(1, pending.Point(("system.device", "sd0")).LongValue);

        // sd1 reads 4294967000 and writes 4294966000, about to wrap.
        Assert.Equal(4294967000, operations.Point(("system.device", "sd1"), ("disk.io.direction", "read")).LongValue);

        host.Refresh();
        host.Collect();
        io = host.Get("system.disk.io");
        operations = host.Get("system.disk.operations");

        // sd0 frame 1: +10 MiB read, +50 MiB written, +100 reads, +400 writes, busy +2.5 s, actv 0.375, rcnt 2.
        Assert.Equal(53687091200 + 10485760, io.Point(("system.device", "sd0"), ("disk.io.direction", "read")).LongValue);
        Assert.Equal(21474836480 + 52428800, io.Point(("system.device", "sd0"), ("disk.io.direction", "write")).LongValue);
        Assert.Equal(3115933, operations.Point(("system.device", "sd0"), ("disk.io.direction", "read")).LongValue);
        Assert.Equal(3602.500000003, host.Get("system.disk.io_time").Point(("system.device", "sd0")).Value, 1e-9);
        Assert.Equal(5403.750000004 + 150.200000002, host.Get("system.disk.operation_time").Point(("system.device", "sd0")).Value, 1e-9);
        Assert.Equal(2, host.Get("system.disk.pending_operations").Point(("system.device", "sd0")).LongValue);

        // sd1 wrapped: reads 4294967000 -> 1000 (+1296), writes 4294966000 -> 500 (+1796). Still monotonic.
        Assert.Equal(4294967000L + 1296, operations.Point(("system.device", "sd1"), ("disk.io.direction", "read")).LongValue);
        Assert.Equal(4294966000L + 1796, operations.Point(("system.device", "sd1"), ("disk.io.direction", "write")).LongValue);
    }

    [Fact]
    public void AVanishedLinkStopsAndANewOneStarts()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        var io = host.Get("system.network.io");
        Assert.Equal(["net0", "net1"], Interfaces(io));

        // net0 frame 0: rbytes64 4294000000, obytes64 1200000000, ipackets64 3000000, opackets64 900000.
        Assert.Equal(4294000000, io.Point(("network.interface.name", "net0"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(3000000, host.Get("system.network.packet.count").Point(("system.device", "net0"), ("network.io.direction", "receive")).LongValue);

        host.Refresh();
        host.Collect();
        io = host.Get("system.network.io");

        // net1's kstat was deleted: its series stop (nothing thrown, no refresh failure); net2 appeared.
        Assert.Equal(["net0", "net2"], Interfaces(io));
        Assert.Equal(["net0", "net2"], Interfaces(host.Get("system.network.errors")));
        Assert.Equal(["net0", "net2"], host.Get("system.network.packet.count").Points.Select(p => (string)p.Attribute("system.device")!).Distinct().Order());
        Assert.Equal(0, host.Core.Exchange.CurrentForWriter!.Parts[0].TotalFailures);

        // net0 advanced (the 32-bit rbytes wrapped, rbytes64 did not): 100 MB in, 20 MB out, 70000 and 15000 packets.
        Assert.Equal(4394000000, io.Point(("network.interface.name", "net0"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(1220000000, io.Point(("network.interface.name", "net0"), ("network.io.direction", "transmit")).LongValue);
        Assert.Equal(3070000, host.Get("system.network.packet.count").Point(("system.device", "net0"), ("network.io.direction", "receive")).LongValue);
        Assert.Equal(915000, host.Get("system.network.packet.count").Point(("system.device", "net0"), ("network.io.direction", "transmit")).LongValue);
        Assert.Equal(0, io.Point(("network.interface.name", "net2"), ("network.io.direction", "receive")).LongValue);
    }

    [Fact]
    public void NfsMountsComeFromMntinfo()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        (string, object)[] mount = [("kstatotel.nfs.mount.minor", 4L), ("server.address", "fileserver.example.com"), ("kstatotel.nfs.version", 4L), ("kstatotel.nfs.protocol", "tcp")];

        // nfs:4:mntinfo: mik_noresponse 2, mik_failover 0, mik_remap 0, mik_curread/curwrite 1048576.
        Assert.Equal(2, host.Get("kstatotel.nfs.mount.not_responding").Point(mount).LongValue);
        Assert.Equal(0, host.Get("kstatotel.nfs.mount.failovers").Point(mount).LongValue);
        Assert.Equal(0, host.Get("kstatotel.nfs.mount.remaps").Point(mount).LongValue);
        Assert.Equal(1048576, host.Get("kstatotel.nfs.mount.transfer_size").Point([.. mount, ("disk.io.direction", "read")]).LongValue);
        Assert.Equal(1048576, host.Get("kstatotel.nfs.mount.transfer_size").Point([.. mount, ("disk.io.direction", "write")]).LongValue);

        // Timers lookup/read/write: srtt 20/21/22 (x 2.5 ms), deviate 10/11/12 (x 5 ms), rtxcur 30/31/32 (x 20 ms).
        var rtt = host.Get("kstatotel.nfs.mount.rtt");
        Assert.Equal(0.050, rtt.Point([.. mount, ("kstatotel.nfs.operation", "lookup")]).Value, 1e-12);
        Assert.Equal(0.0525, rtt.Point([.. mount, ("kstatotel.nfs.operation", "read")]).Value, 1e-12);
        Assert.Equal(0.055, rtt.Point([.. mount, ("kstatotel.nfs.operation", "write")]).Value, 1e-12);
        Assert.Equal(0.055, host.Get("kstatotel.nfs.mount.rtt_deviation").Point([.. mount, ("kstatotel.nfs.operation", "read")]).Value, 1e-12);
        Assert.Equal(0.64, host.Get("kstatotel.nfs.mount.retransmit_timeout").Point([.. mount, ("kstatotel.nfs.operation", "write")]).Value, 1e-12);
    }

    [Fact]
    public void ZoneCapsAndZoneCpuFollowTheFrames()
    {
        using var host = HostHarness.Start(Machine);
        host.Collect();
        (string, object) web01 = ("kstatotel.zone.name", "web01");

        // caps:5:*_zone_5: lockedmem 409600 of 2147483648, swapresv 1073741824 of 4294967296, nprocs 27 of 2000.
        var memoryUsage = host.Get("kstatotel.zone.cap.memory.usage");
        Assert.Equal(409600, memoryUsage.Point(web01, ("kstatotel.zone.cap.resource", "lockedmem")).LongValue);
        Assert.Equal(1073741824, memoryUsage.Point(web01, ("kstatotel.zone.cap.resource", "swapresv")).LongValue);
        var memoryLimit = host.Get("kstatotel.zone.cap.memory.limit");
        Assert.Equal(2147483648, memoryLimit.Point(web01, ("kstatotel.zone.cap.resource", "lockedmem")).LongValue);
        Assert.Equal(4294967296, memoryLimit.Point(web01, ("kstatotel.zone.cap.resource", "swapresv")).LongValue);
        Assert.Equal(27, host.Get("kstatotel.zone.cap.processes.usage").Point(web01).LongValue);
        Assert.Equal(2000, host.Get("kstatotel.zone.cap.processes.limit").Point(web01).LongValue);

        // The global zone has no caps (value 2^64-1): usage only, no limit series.
        Assert.Equal(60, host.Get("kstatotel.zone.cap.processes.usage").Point(("kstatotel.zone.name", "global")).LongValue);
        Assert.DoesNotContain(memoryLimit.Points, p => p.HasAttributes(("kstatotel.zone.name", "global")));
        Assert.DoesNotContain(host.Get("kstatotel.zone.cap.processes.limit").Points, p => p.HasAttributes(("kstatotel.zone.name", "global")));

        // caps:5:cpucaps_zone_5: usage 35 %, value 200 % (2 CPUs), above_sec 12, nwait 0.
        Assert.Equal(0.35, host.Get("kstatotel.zone.cap.cpu.usage").Point(web01).Value, 1e-12);
        Assert.Equal(2.0, host.Get("kstatotel.zone.cap.cpu.limit").Point(web01).Value, 1e-12);
        Assert.Equal(12, host.Get("kstatotel.zone.cap.cpu.above_time").Point(web01).LongValue);
        Assert.Equal(0, host.Get("kstatotel.zone.cap.cpu.waiting").Point(web01).LongValue);

        // memory_cap:5:web01: rss 388493312 of physcap 2147483648, swap 454160384 of swapcap 4294967296.
        Assert.Equal(388493312, host.Get("kstatotel.zone.memory.usage").Point(web01, ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.Equal(2147483648, host.Get("kstatotel.zone.memory.limit").Point(web01, ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.Equal(4294967296, host.Get("kstatotel.zone.memory.limit").Point(web01, ("kstatotel.zone.memory.type", "swap")).LongValue);

        // zones:5:web01 nsec_user 1000 s, nsec_sys 400 s, nsec_waitrq 100 s.
        Assert.Equal(1000, host.Get("kstatotel.zone.cpu.time").Point(web01, ("cpu.mode", "user")).Value, 1e-9);
        Assert.Equal(400, host.Get("kstatotel.zone.cpu.time").Point(web01, ("cpu.mode", "system")).Value, 1e-9);

        host.Refresh();
        host.Collect();
        Assert.Equal(1.8, host.Get("kstatotel.zone.cap.cpu.usage").Point(web01).Value, 1e-12);
        Assert.Equal(15, host.Get("kstatotel.zone.cap.cpu.above_time").Point(web01).LongValue);
        Assert.Equal(2, host.Get("kstatotel.zone.cap.cpu.waiting").Point(web01).LongValue);
        Assert.Equal(28, host.Get("kstatotel.zone.cap.processes.usage").Point(web01).LongValue);
        Assert.Equal(392589312, host.Get("kstatotel.zone.memory.usage").Point(web01, ("kstatotel.zone.memory.type", "rss")).LongValue);
        Assert.Equal(1005, host.Get("kstatotel.zone.cpu.time").Point(web01, ("cpu.mode", "user")).Value, 1e-9);
        Assert.Equal(401.25, host.Get("kstatotel.zone.cpu.time").Point(web01, ("cpu.mode", "system")).Value, 1e-9);
        Assert.Equal(100.5, host.Get("kstatotel.zone.cpu.wait_time").Point(web01).Value, 1e-9);
    }

    [Fact]
    public void TheLastFrameRepeatsAndValuesStayPut()
    {
        using var host = HostHarness.Start(Machine);
        host.Refresh();
        host.Collect();
        var before = host.Get("system.disk.operations").Point(("system.device", "sd1"), ("disk.io.direction", "read")).LongValue;
        host.Refresh();
        host.Refresh();
        host.Collect();
        Assert.Equal(before, host.Get("system.disk.operations").Point(("system.device", "sd1"), ("disk.io.direction", "read")).LongValue);
        Assert.Equal(1, Standin.Counter("frame"));
    }

    private static long[] CpuIds(CapturedMetric metric) =>
        [.. metric.Points.Select(p => (long)p.Attribute("cpu.logical_number")!).Distinct().Order()];

    private static string[] Interfaces(CapturedMetric metric) =>
        [.. metric.Points.Select(p => (string)p.Attribute("network.interface.name")!).Distinct().Order()];
}
