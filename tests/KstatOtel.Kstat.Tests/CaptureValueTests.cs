
namespace KstatOtel.Kstat.Tests;

/// <summary>
/// Real <c>kstat -p</c> captures served by the stand-in and read through the binding, with the values checked
/// against the capture: values near 2^64, negative values, names with spaces and commas, colons and trailing spaces
/// in values, decimal commas in times, every named data type, and the RAW and IO kstats of the captures.
/// </summary>
[Collection(StandinCollection.Name)]
public class CaptureValueTests
{
    [Fact]
    public void MemoryCapHasValuesNearTwoToThe64AndAStringAndEmptyNames()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-memory_cap--7--serv-wf.kstat"));
        using var token = session.Open();
        var kstat = token.Require("memory_cap", 7, "serv-wf");
        Assert.Equal("zone_memory_cap", kstat.Class);
        Assert.Equal(KstatType.Named, kstat.Type);
        Assert.Equal(69_712_916_099, kstat.CreationTime);
        var values = kstat.ReadNamed();
        Assert.Equal(14_166_391_964_151, values.SnapTime);
        Assert.Equal(14_166_391_964_151, kstat.SnapTime);
        Assert.Equal(ulong.MaxValue, values.Get("swapcap").UInt64Value);
        Assert.Equal(KstatDataType.UInt64, values.Get("swapcap").DataType);
        Assert.Equal(17_592_186_040_320UL, values.Get("physcap").UInt64Value);
        Assert.Equal(388_493_312UL, values.Get("rss").UInt64Value);
        var zonename = values.Get("zonename");
        Assert.Equal(KstatDataType.String, zonename.DataType);
        Assert.Equal("serv-wf", zonename.StringValue);
        var empty = values.Where(v => v.Name.Length == 0).ToList();
        Assert.Equal(2, empty.Count);
        Assert.All(empty, v => Assert.Equal((KstatDataType.Char, string.Empty), (v.DataType, v.StringValue)));
        Assert.Equal(14, values.Count);
    }

    [Fact]
    public void DiskErrorsHaveNamesWithSpacesAKstatNameWithACommaAndCharValuesWithTrailingSpaces()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-sderr--6--sd6,err.kstat"));
        using var token = session.Open();
        var kstat = token.Require("sderr", 6, "sd6,err");
        Assert.Equal("device_error", kstat.Class);
        var values = kstat.ReadNamed();
        Assert.Equal((KstatDataType.UInt32, 1148UL), (values.Get("Illegal Request").DataType, values.Get("Illegal Request").UInt64Value));
        Assert.Equal(0UL, values.Get("Predictive Failure Analysis").UInt64Value);
        Assert.Equal((KstatDataType.UInt64, 5_000_947_302_400UL), (values.Get("Size").DataType, values.Get("Size").UInt64Value));
        Assert.Equal((KstatDataType.Char, "WXP1E7916Z6K   "), (values.Get("Serial No").DataType, values.Get("Serial No").StringValue));
        Assert.Equal("WD      ", values.Get("Vendor").StringValue);
        Assert.Equal("My Passport 2627", values.Get("Product").StringValue);
        Assert.True(kstat.TryReadNamed("Hard Errors", out var hard));
        Assert.Equal(("Hard Errors", 0UL), (hard.Name, hard.UInt64Value));
        Assert.True(token.TryReadNamed("sderr", 6, "sd6,err", "Serial No", out var serial));
        Assert.Equal("WXP1E7916Z6K   ", serial.StringValue);
    }

    [Fact]
    public void SpaceSeparatedDiskErrorsSplitAtTheTabStops()
    {
        using var session = StandinSession.Start(Fixtures.Capture("ansible-sderr-sd0-vbox.kstat"));
        using var token = session.Open();
        var values = token.Require("sderr", 0, "sd0,err").ReadNamed();
        Assert.Equal("VBOX HARDDISK   9", values.Get("Product").StringValue);
        Assert.Equal(KstatDataType.String, values.Get("Product").DataType); // 17 bytes: longer than a CHAR holds.
        Assert.Equal((KstatDataType.Char, "VB0ad2ec4d-074a"), (values.Get("Serial No").DataType, values.Get("Serial No").StringValue));
        Assert.Equal(6UL, values.Get("Illegal Request").UInt64Value);
        Assert.Equal(53_687_091_200UL, values.Get("Size").UInt64Value);
    }

    [Fact]
    public void CpuInfoHasEveryNamedDataTypeAndAValueWithColons()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-cpu_info--0--cpu_info0.kstat"));
        using var token = session.Open();
        var values = token.Require("cpu_info", 0, "cpu_info0").ReadNamed();
        Assert.Equal((KstatDataType.Int64, 2712L), (values.Get("clock_MHz").DataType, values.Get("clock_MHz").Int64Value));
        Assert.Equal((KstatDataType.Int32, 94L), (values.Get("model").DataType, values.Get("model").Int64Value));
        Assert.Equal((KstatDataType.UInt64, 2_701_000_000UL), (values.Get("current_clock_Hz").DataType, values.Get("current_clock_Hz").UInt64Value));
        Assert.Equal((KstatDataType.Char, "on-line"), (values.Get("state").DataType, values.Get("state").StringValue));
        Assert.Equal((KstatDataType.String, "Intel(r) Core(tm) i5-6400 CPU @ 2.70GHz"), (values.Get("brand").DataType, values.Get("brand").StringValue));
        var frequencies = values.Get("supported_frequencies_Hz");
        Assert.Equal(KstatDataType.String, frequencies.DataType);
        Assert.StartsWith("800000000:900000000:1100000000:", frequencies.StringValue, StringComparison.Ordinal);
        Assert.EndsWith(":2700000000:2701000000", frequencies.StringValue, StringComparison.Ordinal);
        Assert.Equal((KstatDataType.Int64, 1_620_126_432L), (values.Get("state_begin").DataType, values.Get("state_begin").Int64Value));
        Assert.Equal(5L, values.Get("pg_id").Int64Value);
        Assert.True(token.Require("cpu_info", 0, "cpu_info0").Flags.HasFlag(KstatFlags.LongStrings));
    }

    [Fact]
    public void SolarisCpuInfoHasANegativeValue()
    {
        using var session = StandinSession.Start(Fixtures.Capture("frsw3nr-cpu_info-sol10-x86.kstat"));
        using var token = session.Open();
        var values = token.Require("cpu_info", 0, "cpu_info0").ReadNamed();
        Assert.Equal((KstatDataType.Int64, -1L), (values.Get("pg_id").DataType, values.Get("pg_id").Int64Value));
        Assert.Equal("Intel(r) Core(tm) i5-4460  CPU @ 3.20GHz", values.Get("brand").StringValue);
        Assert.Equal(15_019_134_599, token.Require("cpu_info", 0, "cpu_info0").CreationTime);
        Assert.Equal(TestKstats.Nanoseconds("1295078.49104408"), values.SnapTime);
    }

    [Fact]
    public void SixteenCpuInfoKstatsWithTrailingSpacesInNumbers()
    {
        using var session = StandinSession.Start(Fixtures.Capture("ohai-cpu_info-x86.kstat"));
        using var token = session.Open();
        var cpus = token.LookupAll("cpu_info");
        Assert.Equal(16, cpus.Count);
        Assert.Equal(Enumerable.Range(0, 16), cpus.Select(c => c.Instance).Order());
        var cpu0 = token.Require("cpu_info", 0, "cpu_info0").ReadNamed();
        Assert.Equal(93UL, cpu0.Get("model").UInt64Value);
        Assert.Equal("Crazy(r) Argon(r) CPU           Y5570  @ 1.93GHz", cpu0.Get("brand").StringValue);
        Assert.Equal("off-line", cpu0.Get("state").StringValue);
    }

    [Fact]
    public void SystemPagesWithDecimalCommasAndValuesNearTwoToThe64()
    {
        using var session = StandinSession.Start(Fixtures.Capture("opensvc-system_pages-sol11.4-docstring.kstat"));
        using var token = session.Open();
        var kstat = token.Require("unix", 0, "system_pages");
        Assert.Equal("pages", kstat.Class);
        Assert.Equal(35_300_879_878, kstat.CreationTime);
        var values = kstat.ReadNamed();
        Assert.Equal(15_173_890_295_243, values.SnapTime);
        Assert.Equal(18_446_744_073_646_514_176UL, values.Get("econtig").UInt64Value);
        Assert.Equal(18_446_604_435_732_824_064UL, values.Get("kernelbase").UInt64Value);
        Assert.Equal(1_048_463UL, values.Get("physmem").UInt64Value);
    }

    [Fact]
    public void TimesWithSevenDecimalsKeepEveryNanosecond()
    {
        using var session = StandinSession.Start(Fixtures.Capture("ddagent-link-net0-net1-smartos.kstat"));
        using var token = session.Open();
        var net0 = token.Require("link", 0, "net0");
        Assert.Equal(16_359_935_263_794_300, net0.CreationTime);
        var values = net0.ReadNamed();
        Assert.Equal(16_834_735_160_766_900, values.SnapTime);
        Assert.Equal("53aa9b7e-48ba-4152-a52b-a6368c3d9e7c", values.Get("zonename").StringValue);
        Assert.Equal(113_983_614UL, values.Get("rbytes64").UInt64Value);
        Assert.Equal(2, token.LookupAll("link", 0).Count);
        Assert.Equal(304_384_894UL, token.Require("link", 0, "net1").ReadNamed().Get("rbytes").UInt64Value);
    }

    [Fact]
    public void LinkStatisticsHaveTheirCapturedTypes()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-link--0--dns_net0.kstat"));
        using var token = session.Open();
        var values = token.Require("link", 0, "dns_net0").ReadNamed();
        Assert.Equal((KstatDataType.UInt32, 1_518_773_044UL), (values.Get("rbytes").DataType, values.Get("rbytes").UInt64Value));
        Assert.Equal((KstatDataType.UInt64, 1_518_773_044UL), (values.Get("rbytes64").DataType, values.Get("rbytes64").UInt64Value));
        Assert.Equal((KstatDataType.UInt64, 1_000_000_000UL), (values.Get("ifspeed").DataType, values.Get("ifspeed").UInt64Value));
        Assert.Equal(1UL, values.Get("link_state").UInt64Value);
        Assert.Equal(21, values.Count);
    }

    [Fact]
    public void ZoneAndCpuAndArcStatistics()
    {
        using var session = StandinSession.Start(
            Fixtures.Capture("illumos-zones--5--cube-ws.kstat") + "+" + Fixtures.Capture("illumos-cpu--3--sys.kstat") + "+" +
            Fixtures.Capture("illumos-zfs--0--arcstats.kstat") + "+" + Fixtures.Capture("illumos-cpu--0--vm.kstat"));
        using var token = session.Open();
        var zone = token.Require("zones", 5, "cube-ws").ReadNamed();
        Assert.Equal((KstatDataType.String, "cube-ws"), (zone.Get("zonename").DataType, zone.Get("zonename").StringValue));
        Assert.Equal((KstatDataType.UInt32, 1524UL), (zone.Get("avenrun_1min").DataType, zone.Get("avenrun_1min").UInt64Value));
        Assert.Equal(227_321_585_182_107UL, zone.Get("nsec_user").UInt64Value);
        var cpu = token.Require("cpu", 3, "sys").ReadNamed();
        Assert.Equal(58, cpu.Count);
        Assert.Equal(105_926_508_484_786UL, cpu.Get("cpu_nsec_user").UInt64Value);
        Assert.Equal(4_495_629_901UL, cpu.Get("syscall").UInt64Value);
        Assert.Equal(-1, cpu.IndexOf("cpu_nsec_wait"));
        Assert.All(cpu, s => Assert.Equal(KstatDataType.UInt64, s.DataType));
        var arc = token.Require("zfs", 0, "arcstats").ReadNamed();
        Assert.Equal(13_655_303_985UL, arc.Get("hits").UInt64Value);
        Assert.Equal(15_694_307_328UL, arc.Get("c_max").UInt64Value);
        Assert.Equal(31, token.Require("cpu", 0, "vm").ReadNamed().Count);
    }

    [Fact]
    public void NfsClientCountersIncludeAStatisticNamedNull()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-nfs--0--rfsreqcnt_v4.kstat"));
        using var token = session.Open();
        var values = token.Require("nfs", 0, "rfsreqcnt_v4").ReadNamed();
        Assert.Equal(0UL, values.Get("null").UInt64Value);
        Assert.Equal(39_876UL, values.Get("compound").UInt64Value);
        Assert.Equal(TestKstats.Nanoseconds("434886.268376590"), values.SnapTime);
    }

    [Fact]
    public void CpuStatCapturesDecodeAsTheRawStructure()
    {
        using var session = StandinSession.Start(Fixtures.Capture("vmstat-cpu_stat.kstat"));
        using var token = session.Open();
        var entries = token.LookupAll("cpu_stat");
        Assert.Equal(32, entries.Count);
        var cpu0 = token.Require("cpu_stat", 0, "cpu_stat0");
        Assert.Equal(KstatType.Raw, cpu0.Type);
        Assert.Equal(380, cpu0.DataSize);
        Assert.True(cpu0.TryReadCpuStat(out var stat));
        Assert.Equal(2_325_343_762U, stat.SysInfo.Idle);
        Assert.Equal(64_919_001U, stat.SysInfo.User);
        Assert.Equal(89_137_335U, stat.SysInfo.Kernel);
        Assert.Equal(776_439_232U, stat.SysInfo.IdleThread);
        Assert.Equal(1U, stat.VmInfo.KernelAsFault);
        Assert.Equal(0U, stat.SysInfo.Syscall);
        Assert.True(token.Require("cpu_stat", 2, "cpu_stat2").TryReadCpuStat(out var cpu2));
        Assert.Equal(3_368_087_417U, cpu2.SysInfo.IdleThread);
    }

    [Fact]
    public void TheManPageInterruptCountersOfCpuStat()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-man-kstat-ex2-cpu_stat-intr.kstat"));
        using var token = session.Open();
        Assert.True(token.Require("cpu_stat", 0, "cpu_stat0").TryReadCpuStat(out var stat));
        Assert.Equal((29_682_330U, 87U, 15_054_222U), (stat.SysInfo.Intr, stat.SysInfo.IntrBlk, stat.SysInfo.IntrThread));
        Assert.True(token.Require("cpu_stat", 3, "cpu_stat3").TryReadCpuStat(out var cpu3));
        Assert.Equal(59_626U, cpu3.SysInfo.IntrThread);
    }

    [Fact]
    public void VmInfoCaptureDecodesAsTheRawStructure()
    {
        using var session = StandinSession.Start(Fixtures.Capture("fcicq-vminfo.kstat"));
        using var token = session.Open();
        var kstat = token.Require("unix", 0, "vminfo");
        Assert.Equal((KstatType.Raw, "vm"), (kstat.Type, kstat.Class));
        Assert.True(kstat.TryReadVmInfo(out var vm));
        Assert.Equal(71_486_708_419_765UL, vm.SwapAllocated);
        Assert.Equal(464_964_778_301_432UL, vm.SwapAvailable);
        Assert.Equal(466_211_614_038_050UL, vm.SwapFree);
        Assert.Equal(72_733_544_156_383UL, vm.SwapReserved);
        Assert.Equal(11_978_989UL, vm.Updates);
        Assert.Equal(0UL, vm.FreeMemory);
    }

    [Fact]
    public void DiskIOCaptureDecodesAsKstatIO()
    {
        // The capture is an excerpt (4 of the 12 kstat_io_t fields): alone, the stand-in infers NAMED; the directive file says IO.
        using (var session = StandinSession.Start(Fixtures.Capture("zmailer-sd30-disk-io-excerpt.kstat")))
        using (var token = session.Open())
        {
            var excerpt = token.Require("sd", 30, "sd30");
            Assert.Equal(KstatType.Named, excerpt.Type);
            Assert.Equal(957_377UL, excerpt.ReadNamed().Get("writes").UInt64Value);
        }

        using (var session = StandinSession.Start(Fixtures.Constructed("sd30-is-an-io-kstat.kstat") + "+" + Fixtures.Capture("zmailer-sd30-disk-io-excerpt.kstat")))
        using (var token = session.Open())
        {
            var disk = token.Require("sd", 30, "sd30");
            Assert.Equal((KstatType.IO, "disk"), (disk.Type, disk.Class));
            Assert.True(disk.TryReadIO(out var io));
            Assert.Equal((89_243_253_248UL, 11_337_490_944UL, 3_115_833U, 957_377U), (io.BytesRead, io.BytesWritten, io.ReadOperations, io.WriteOperations));
            Assert.Equal((0L, 0U), (io.RunTime, io.RunCount));
        }
    }

    [Fact]
    public void ManPageAverageLoadAndOmniosIdleCounters()
    {
        using var session = StandinSession.Start(
            Fixtures.Capture("illumos-man-kstat-ex1-system_misc-avenrun.kstat") + "+" + Fixtures.Capture("node_exporter-1837-cpu0-sys-idle-omnios.kstat"));
        using var token = session.Open();
        var misc = token.Require("unix", 0, "system_misc").ReadNamed();
        Assert.Equal((4UL, 2UL, 3UL), (misc.Get("avenrun_1min").UInt64Value, misc.Get("avenrun_5min").UInt64Value, misc.Get("avenrun_15min").UInt64Value));
        Assert.True(token.TryReadNamed("cpu", 0, "sys", "cpu_nsec_idle", out var idle));
        Assert.Equal(8_238_179_276_443UL, idle.UInt64Value);
    }
}
