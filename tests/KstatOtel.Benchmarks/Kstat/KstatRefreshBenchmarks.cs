using BenchmarkDotNet.Attributes;
using KstatOtel.Kstat;

namespace KstatOtel.Benchmarks.Kstat;

/// <summary>
/// The refresh path of the instrumentation: re-reading kstats that were looked up once into values that are kept.
/// Real captures served by the libkstat stand-in: cpu:3:sys (58 UINT64), zfs:0:arcstats (the complete set),
/// cpu_info0 (CHAR and STRING values), and the constructed disk sd0 (kstat_io_t).
/// </summary>
[MemoryDiagnoser]
public class KstatRefreshBenchmarks
{
    private KstatToken _token = null!;
    private KstatEntry _cpu = null!;
    private KstatEntry _arc = null!;
    private KstatEntry _cpuInfo = null!;
    private KstatEntry _disk = null!;
    private readonly KstatNamedValues _cpuValues = new();
    private readonly KstatNamedValues _arcValues = new();
    private readonly KstatNamedValues _cpuInfoValues = new();

    [GlobalSetup]
    public void Setup()
    {
        _token = StandinSetup.Open(
            "kstat/illumos-cpu--3--sys.kstat", "kstat/illumos-zfs--0--arcstats.kstat", "kstat/illumos-cpu_info--0--cpu_info0.kstat", "kstat-binding/types.kstat");
        _cpu = _token.Lookup("cpu", 3, "sys")!;
        _arc = _token.Lookup("zfs", 0, "arcstats")!;
        _cpuInfo = _token.Lookup("cpu_info", 0, "cpu_info0")!;
        _disk = _token.Lookup("sd", 0, "sd0")!;
    }

    [GlobalCleanup]
    public void Cleanup() => _token.Dispose();

    [Benchmark(Description = "cpu:3:sys into kept values (58 statistics)")]
    public bool ReReadCpuSys() => _cpu.TryReadNamed(_cpuValues);

    [Benchmark(Description = "zfs:0:arcstats into kept values")]
    public bool ReReadArcstats() => _arc.TryReadNamed(_arcValues);

    [Benchmark(Description = "cpu_info0 into kept values (CHAR and STRING)")]
    public bool ReReadCpuInfo() => _cpuInfo.TryReadNamed(_cpuInfoValues);

    [Benchmark(Description = "one statistic of cpu:3:sys (kstat_data_lookup)")]
    public ulong ReadOneStatistic() => _cpu.TryReadNamed("cpu_nsec_user", out var value) ? value.UInt64Value : 0;

    [Benchmark(Description = "sd0 kstat_io_t")]
    public ulong ReReadIO() => _disk.TryReadIO(out var io) ? io.BytesRead : 0;

    [Benchmark(Description = "Update, chain unchanged")]
    public bool UpdateUnchanged() => _token.Update();

    [Benchmark(Description = "Lookup of a known kstat")]
    public KstatEntry? LookupKnown() => _token.Lookup("cpu", 3, "sys");
}
