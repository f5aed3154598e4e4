using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KstatOtel.Taskstats;

namespace KstatOtel.Benchmarks.Taskstats;

/// <summary>
/// A taskstats query of this process from C# (KstatOtel.Taskstats) against the same query from C, in one run: the
/// C functions do the same work per query (send, receive, validate, copy the struct out) and are called through
/// [LibraryImport], whose transition costs a few ns next to a query of about 4 µs. Run with scripts/bench-taskstats.sh.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TaskstatsQueryBenchmarks
{
    private TaskstatsClient _client = null!;
    private TaskstatsClient _canned = null!;
    private int _pid;

    [GlobalSetup]
    public void Setup()
    {
        _pid = Environment.ProcessId;
        _canned = TaskstatsClient.Open(() => new CannedReplyTransport(_pid), _ => throw new NotSupportedException());
        _client = TaskstatsClient.Open();
        _client.Self(); // fails here, with the permission message, when CAP_NET_ADMIN is missing
        int rc;
        try
        {
            rc = NativeTaskstats.Open();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "libtaskstats_bench.so not found: run scripts/bench-taskstats.sh, which builds it and sets LD_LIBRARY_PATH.", e);
        }

        if (rc != 0 || NativeTaskstats.QueryThreadGroup(_pid) < 0)
        {
            throw new InvalidOperationException($"The C reference query failed ({rc}); it needs CAP_NET_ADMIN like the managed one.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _canned.Dispose();
        NativeTaskstats.Close();
    }

    [Benchmark(Baseline = true, Description = "C: TGID query")]
    [BenchmarkCategory("ThreadGroup")]
    public int CThreadGroup() => NativeTaskstats.QueryThreadGroup(_pid);

    [Benchmark(Description = "C#: Self()")]
    [BenchmarkCategory("ThreadGroup")]
    public int ManagedSelf() => _client.Self().Version;

    [Benchmark(Description = "C#: ThreadGroup(pid)")]
    [BenchmarkCategory("ThreadGroup")]
    public int ManagedThreadGroup() => _client.ThreadGroup(_pid).Version;

    [Benchmark(Baseline = true, Description = "C: PID query")]
    [BenchmarkCategory("Task")]
    public int CTask() => NativeTaskstats.QueryTask(_pid);

    [Benchmark(Description = "C#: Task(pid)")]
    [BenchmarkCategory("Task")]
    public int ManagedTask() => _client.Task(_pid).Version;

    [Benchmark(Description = "C#: ThreadGroup(pid), canned reply, no syscall")]
    [BenchmarkCategory("ClientOverhead")]
    public int ManagedOverhead() => _canned.ThreadGroup(_pid).Version;
}
