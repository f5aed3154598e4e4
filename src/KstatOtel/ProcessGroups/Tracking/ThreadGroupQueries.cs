using KstatOtel.ProcessGroups.Exits;
using KstatOtel.Taskstats;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>
/// Per-process taskstats thread-group queries: the context switches of every thread (procfs status has the main
/// thread's only) and the delay-accounting totals. Allocation-free. The CPU times are left to procfs, so that one
/// process's CPU always comes from one source.
/// </summary>
internal sealed class ThreadGroupQueries : IDisposable
{
    private readonly TaskstatsClient client;

    public ThreadGroupQueries(TaskstatsClient client)
    {
        this.client = client;
    }

    /// <summary>False when the process is gone; throws <see cref="TaskstatsException"/> when the query fails otherwise.</summary>
    public bool TryRead(int tgid, out UsageCounters usage)
    {
        if (!client.TryThreadGroup(tgid, out var stats))
        {
            usage = default;
            return false;
        }

        usage = ExitRecord.Read(stats, withTaskFields: false);
        usage.Known &= ~UsageFields.Cpu;
        return true;
    }

    public void Dispose() => client.Dispose();
}
