using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using KstatOtel.Linux;
using KstatOtel.Modules;
using KstatOtel.Snapshots;

namespace KstatOtel.Benchmarks.Instrumentation;

/// <summary>
/// One refresh of the own process: KstatOtel with taskstats + procfs and with procfs alone, against the route
/// OpenTelemetry.Instrumentation.Process takes (the Process class) and against the same system calls made from C,
/// all in one run. Needs CAP_NET_ADMIN (root) for the taskstats rows. Run with scripts/bench-instrumentation.sh.
/// </summary>
[MemoryDiagnoser]
public class InstrumentationRefreshBenchmarks
{
    private LinuxProcessModule _taskstats = null!;
    private LinuxProcessModule _procfs = null!;
    private ISnapshotPart _taskstatsPart = null!;
    private ISnapshotPart _procfsPart = null!;
    private InstrumentationCore _core = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new KstatInstrumentationOptions();
        var client = LinuxModules.ChooseTaskstats(options)
            ?? throw new InvalidOperationException("taskstats is not usable here: run as root (CAP_NET_ADMIN).");
        _taskstats = LinuxProcessModule.TryCreate(options, client) ?? throw new InvalidOperationException("no procfs");
        _procfs = LinuxProcessModule.TryCreate(new KstatInstrumentationOptions { LinuxSource = LinuxProcessSource.Procfs }, null)
            ?? throw new InvalidOperationException("no procfs");
        _taskstatsPart = _taskstats.CreatePart();
        _procfsPart = _procfs.CreatePart();

        // The whole snapshot as the background thread refreshes it: every Linux module of the default options.
        _core = new InstrumentationCore(
            new KstatInstrumentationOptions { RefreshInterval = KstatInstrumentationOptions.MaximumRefreshInterval },
            ModuleCatalog.Create(options),
            $"KstatOtel.Benchmarks.{Guid.NewGuid():N}");

        int rc;
        try
        {
            rc = NativeRefresh.Open();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "libinstrumentation_bench.so not found: run scripts/bench-instrumentation.sh, which builds it and sets LD_LIBRARY_PATH.", e);
        }

        if (rc != 0 || NativeRefresh.RefreshFull() != 0)
        {
            throw new InvalidOperationException($"The C reference refresh failed ({rc}); it needs CAP_NET_ADMIN like the managed one.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _taskstats.Dispose();
        _procfs.Dispose();
        _core.Dispose();
        NativeRefresh.Close();
    }

    [Benchmark(Baseline = true, Description = "Process class: GetCurrentProcess + Refresh + 8 properties")]
    public long ProcessClass()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.TotalProcessorTime.Ticks
            + process.UserProcessorTime.Ticks
            + process.PrivilegedProcessorTime.Ticks
            + process.WorkingSet64
            + process.VirtualMemorySize64
            + process.Threads.Count
            + process.HandleCount
            + process.StartTime.Ticks;
    }

    [Benchmark(Description = "KstatOtel refresh: taskstats + procfs")]
    public void TaskstatsAndProcfs() => _taskstats.Refresh(_taskstatsPart);

    [Benchmark(Description = "C: the same system calls (taskstats + procfs)")]
    public int NativeTaskstatsAndProcfs() => NativeRefresh.RefreshFull();

    [Benchmark(Description = "KstatOtel refresh: procfs alone")]
    public void ProcfsAlone() => _procfs.Refresh(_procfsPart);

    [Benchmark(Description = "C: the same system calls (procfs alone)")]
    public int NativeProcfsAlone() => NativeRefresh.RefreshProcfs();

    [Benchmark(Description = "KstatOtel whole snapshot: process + cgroup modules, published")]
    public void WholeSnapshot() => _core.RefreshNow();
}
