using BenchmarkDotNet.Attributes;
using KstatOtel.Kstat;

namespace KstatOtel.Benchmarks.Kstat;

/// <summary>
/// The whole kstat chain of a real illumos machine (tests/fixtures/kstat/illumos-chain-headers.txt, 1,566 kstats,
/// served by the libkstat stand-in): opening and walking it, and reading every kstat with the reader of its type into
/// values kept per kstat (the steady state of an instrumentation that follows every kstat).
/// </summary>
[MemoryDiagnoser]
public class KstatChainBenchmarks
{
    private const string Chain = "kstat/illumos-chain-headers.txt";
    private KstatToken _token = null!;
    private IReadOnlyList<KstatEntry> _all = null!;
    private KstatNamedValues[] _values = null!;
    private byte[] _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        _token = StandinSetup.Open(Chain);
        _all = _token.GetAll();
        _values = _all.Select(_ => new KstatNamedValues()).ToArray();
        _raw = new byte[_all.Max(e => e.DataSize) + 4096];
        if (_all.Count != 1566 || ReadEveryKstat() != _all.Count)
        {
            throw new InvalidOperationException($"expected 1566 readable kstats, found {_all.Count}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _token.Dispose();

    [Benchmark(Description = "kstat_open + walk of 1,566 headers into entries + kstat_close")]
    public int OpenWalkClose()
    {
        using var token = KstatToken.Open(_token.LibraryPath);
        return token.GetAll().Count;
    }

    [Benchmark(Description = "walk of the cached chain (headers of 1,566 entries)")]
    public long WalkCached()
    {
        long sum = 0;
        var all = _token.GetAll();
        for (var i = 0; i < all.Count; i++)
        {
            sum += all[i].Instance + (int)all[i].Type;
        }

        return sum;
    }

    [Benchmark(Description = "read of every kstat of the chain into kept values")]
    public int ReadEveryKstat()
    {
        var read = 0;
        for (var i = 0; i < _all.Count; i++)
        {
            var entry = _all[i];
            var ok = entry.Type switch
            {
                KstatType.Named => entry.TryReadNamed(_values[i]),
                KstatType.IO => entry.TryReadIO(out _),
                KstatType.Interrupt => entry.TryReadInterrupts(out _),
                _ => entry.TryReadRaw(_raw, out _, out _),
            };
            read += ok ? 1 : 0;
        }

        return read;
    }
}
