using BenchmarkDotNet.Attributes;
using KstatOtel.Procfs;

namespace KstatOtel.Benchmarks.Procfs;

/// <summary>
/// The parsers alone, over content captured once from the own process: what a full read spends beyond its
/// system calls. Run: dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*ProcfsParseBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ProcfsParseBenchmarks
{
    private byte[] _stat = null!;
    private byte[] _status = null!;
    private byte[] _io = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stat = File.ReadAllBytes("/proc/self/stat");
        _status = File.ReadAllBytes("/proc/self/status");
        _io = File.ReadAllBytes("/proc/self/io");
    }

    [Benchmark]
    public ulong ParseStat() => ProcStatParser.Parse(_stat).UTime;

    [Benchmark]
    public ulong ParseStatus() => ProcStatusParser.Parse(_status).VmRssBytes ?? 0;

    [Benchmark]
    public ulong ParseIo() => ProcIoParser.Parse(_io).ReadBytes ?? 0;
}
