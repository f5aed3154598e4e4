using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using KstatOtel.Benchmarks.Kstat;
using KstatOtel.Illumos.Host;
using KstatOtel.Modules;
using KstatOtel.Snapshots;

namespace KstatOtel.Benchmarks.Illumos;

/// <summary>
/// The illumos host metrics against the libkstat stand-in serving a real machine: the whole chain of a live illumos
/// host (1,566 kstats: 4 CPUs, 9 disks, links, zones, caps...) with the values of the real captures (cpu:3:sys,
/// cpu:0:vm, cpu_info0, link dns_net0, arcstats, memory_cap, zones, system_pages, system_misc avenrun).
/// <list type="bullet">
/// <item>One full host refresh in steady state: kstat_chain_update finding no change, then every kstat the collectors
/// looked up re-read into kept values and written into the snapshot part (expected: 0 bytes).</item>
/// <item>One full collection of every host instrument from the cached snapshot through a MeterListener (our
/// callbacks and the runtime's observable-instrument path; expected: 0 bytes).</item>
/// <item>For scale: the same collection of an empty meter, and a refresh that must look everything up again.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class HostMetricsBenchmarks
{
    private static readonly string[] RealMachine =
    [
        "kstat/illumos-chain-headers.txt", "kstat/illumos-cpu--3--sys.kstat", "kstat/illumos-cpu--0--vm.kstat",
        "kstat/illumos-cpu_info--0--cpu_info0.kstat", "kstat/illumos-link--0--dns_net0.kstat", "kstat/illumos-zfs--0--arcstats.kstat",
        "kstat/illumos-memory_cap--7--serv-wf.kstat", "kstat/illumos-zones--5--cube-ws.kstat",
        "kstat/opensvc-system_pages-sol11.4-docstring.kstat", "kstat/illumos-man-kstat-ex1-system_misc-avenrun.kstat",
    ];

    private IllumosHostModule _module = null!;
    private InstrumentationCore _core = null!;
    private ISnapshotPart _part = null!;
    private MeterListener _listener = null!;
    private MeterListener _emptyListener = null!;
    private Meter _emptyMeter = null!;
    private long _measurements;

    [GlobalSetup]
    public void Setup()
    {
        var token = StandinSetup.Open(RealMachine);
        var options = new KstatInstrumentationOptions
        {
            KstatLibraryPath = token.LibraryPath,
            Metrics = KstatMetricFamilies.Host,
            RefreshInterval = TimeSpan.FromHours(1),
        };
        _module = new IllumosHostModule(token, options);
        _core = new InstrumentationCore(options, [_module], "KstatOtel.Benchmarks.Illumos");
        _part = ((IKstatModule)_module).CreatePart();
        ((IKstatModule)_module).Refresh(_part);

        _listener = Listen(_core.Instruments[0].Meter);
        _emptyMeter = new Meter("KstatOtel.Benchmarks.Empty");
        _emptyListener = Listen(_emptyMeter);
        _listener.RecordObservableInstruments();
        if (_measurements == 0)
        {
            throw new InvalidOperationException("The host instruments measured nothing: is the stand-in serving the captures?");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _emptyListener.Dispose();
        _emptyMeter.Dispose();
        _core.Dispose();
    }

    [Benchmark(Description = "host refresh, chain unchanged (real machine, 1,569 kstats)")]
    public void Refresh() => ((IKstatModule)_module).Refresh(_part);

    [Benchmark(Description = "host refresh after a chain change (every look-up again)")]
    public void RefreshAfterChainChange()
    {
        _module.ForgetChainForBenchmark();
        ((IKstatModule)_module).Refresh(_part);
    }

    [Benchmark(Description = "collection of every host instrument (MeterListener)")]
    public long Collect()
    {
        _listener.RecordObservableInstruments();
        return _measurements;
    }

    [Benchmark(Baseline = true, Description = "collection of an empty meter (MeterListener)")]
    public long CollectEmpty()
    {
        _emptyListener.RecordObservableInstruments();
        return _measurements;
    }

    private MeterListener Listen(Meter meter)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => _measurements++);
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => _measurements++);
        listener.Start();
        return listener;
    }
}
