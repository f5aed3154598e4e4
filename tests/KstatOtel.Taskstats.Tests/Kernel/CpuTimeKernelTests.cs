using System.Diagnostics;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>
/// The process's CPU time through Self() against /proc/self/stat, over a CPU burn. Runs alone (no other test of this
/// process burning CPU meanwhile) and compares the change over the burn, so earlier history does not count.
/// </summary>
[Collection(NonParallelCollection.Name)]
public class CpuTimeKernelTests
{
    private readonly ITestOutputHelper _output;

    public CpuTimeKernelTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void SelfCpuTimeMatchesProcSelfStatWithinTickGranularity()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        var start = client.Self();
        Burn(TimeSpan.FromMilliseconds(500));

        var before = Procfs.CpuTime("/proc/self/stat");
        var self = client.Self();
        var after = Procfs.CpuTime("/proc/self/stat");
        var adjusted = self.UserCpuTimeAdjusted!.Value + self.SystemCpuTimeAdjusted!.Value;
        var sampled = self.UserCpuTime!.Value + self.SystemCpuTime!.Value;
        var sampledOverBurn = sampled - start.UserCpuTime!.Value - start.SystemCpuTime!.Value;
        var runtimeOverBurn = self.CpuRunVirtualTotal!.Value - start.CpuRunVirtualTotal!.Value;
        _output.WriteLine($"/proc/self/stat {before.TotalMilliseconds}..{after.TotalMilliseconds} ms; taskstats adjusted user+system {adjusted.TotalMilliseconds:F1} ms, runtime {self.CpuRunVirtualTotal!.Value.TotalMilliseconds:F1} ms, tick-sampled {sampled.TotalMilliseconds:F1} ms");
        _output.WriteLine($"over the burn: runtime +{runtimeOverBurn.TotalMilliseconds:F1} ms, tick-sampled +{sampledOverBurn.TotalMilliseconds:F1} ms");

        Assert.Equal(TaskStatsScope.ThreadGroup, self.Scope);
        Assert.Equal(Environment.ProcessId, self.Id);
        Assert.True((self.CpuRunVirtualTotal!.Value - adjusted).Duration() <= TimeSpan.FromTicks(2), "adjusted user+system add up to the runtime");
        // /proc/self/stat cuts utime and stime to whole USER_HZ ticks each (up to 2 ticks short) and is read on both sides;
        // the querying thread's own runtime may lag by its unaccounted slice.
        CpuAssert.Exact(adjusted, before, below: Procfs.Tick, above: after - before + (2 * Procfs.Tick), "Self() user+system (adjusted) against /proc/self/stat");
        Assert.True(runtimeOverBurn >= TimeSpan.FromMilliseconds(500), $"{runtimeOverBurn} over a 500 ms burn");
        CpuAssert.TickSampled(sampledOverBurn, runtimeOverBurn, "Self() tick-sampled user+system over the burn");
    }

    private static void Burn(TimeSpan cpu)
    {
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        var x = 0UL;
        while (true)
        {
            process.Refresh();
            if (process.TotalProcessorTime - start >= cpu)
            {
                break;
            }

            for (var i = 0; i < 200_000; i++)
            {
                x += (ulong)i * 2654435761UL;
            }
        }

        GC.KeepAlive(x);
    }
}
