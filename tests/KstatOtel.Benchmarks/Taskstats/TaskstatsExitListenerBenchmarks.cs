using BenchmarkDotNet.Attributes;
using KstatOtel.Taskstats;

namespace KstatOtel.Benchmarks.Taskstats;

/// <summary>
/// The exit listener's receive path under a flood: each call takes one record from a canned exit message (a task
/// record, then its thread-group record) into the caller's variable. No system call; shows the per-record cost of
/// validation and decoding, and that receiving allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class TaskstatsExitListenerBenchmarks
{
    private TaskstatsClient _client = null!;
    private TaskstatsExitListener _listener = null!;
    private TaskStats _record;

    [GlobalSetup]
    public void Setup()
    {
        var pid = Environment.ProcessId;
        _client = TaskstatsClient.Open(() => new CannedReplyTransport(pid), _ => new CannedExitTransport());
        _listener = _client.OpenExitListener("0");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _client.Dispose();
    }

    [Benchmark(Description = "C#: exit listener TryReceive, canned records")]
    public int Receive()
    {
        _listener.TryReceive(out _record, TimeSpan.Zero);
        return _record.Id;
    }
}
