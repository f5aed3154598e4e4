using KstatOtel.Procfs;
using KstatOtel.Taskstats;

namespace KstatOtel.Linux;

/// <summary>
/// The longest single delay of each kind seen in any thread of the own process. A thread-group query cannot give it:
/// the kernel copies each thread's maximum over the previous one while summing the group, so the reply carries the
/// maximum of the last thread walked. This sweep lists /proc/[pid]/task (kept open) and queries every thread (one
/// taskstats query each), keeping the largest value seen since the instrumentation started; a thread that starts and
/// ends between two sweeps is missed. Opt-in (<see cref="KstatMetricFamilies.ProcessDelayMaximum"/>) because it
/// costs one query per thread. Steady-state sweeps allocate nothing. Not thread-safe.
/// </summary>
internal sealed class ThreadDelayMaximum : IDisposable
{
    private readonly ProcfsDirectory _tasks;
    private readonly List<int> _tids = new(64);
    private readonly ulong[] _maxNanoseconds = new ulong[DelayKinds.Count];
    private readonly bool[] _known = new bool[DelayKinds.Count];

    private ThreadDelayMaximum(ProcfsDirectory tasks)
    {
        _tasks = tasks;
    }

    /// <summary>Opens &lt;procfsRoot&gt;/&lt;pid&gt;/task; null when it cannot be opened.</summary>
    public static ThreadDelayMaximum? TryOpen(string procfsRoot, int pid)
    {
        var path = ProcfsPaths.ForProcess(procfsRoot, pid, "task");
        return ProcfsDirectory.TryOpen(path, out var tasks) == ProcfsReadStatus.Ok ? new ThreadDelayMaximum(tasks!) : null;
    }

    /// <summary>Whether a maximum of <paramref name="kind"/> is known (the kernel reports it from struct version 16).</summary>
    public bool IsKnown(TaskDelayKind kind) => _known[(int)kind];

    /// <summary>The longest delay of <paramref name="kind"/> seen so far, in nanoseconds.</summary>
    public ulong MaxNanoseconds(TaskDelayKind kind) => _maxNanoseconds[(int)kind];

    /// <summary>
    /// Folds in the thread-group reply's maxima, then queries every live thread. Threads that end meanwhile are skipped.
    /// </summary>
    public void Sweep(TaskstatsClient client, in TaskStats threadGroup)
    {
        Fold(threadGroup);
        var status = _tasks.TryListNumericEntries(_tids);
        if (status != ProcfsReadStatus.Ok)
        {
            throw new IOException($"Listing {_tasks.Path} for the per-thread delay maxima failed: {status}.");
        }

        foreach (var tid in _tids)
        {
            if (client.TryTask(tid, out var thread))
            {
                Fold(thread);
            }
        }
    }

    public void Dispose() => _tasks.Dispose();

    private void Fold(in TaskStats stats)
    {
        for (var i = 0; i < DelayKinds.Count; i++)
        {
            if (stats.GetDelay(DelayKinds.All[i]) is { MaxNanoseconds: { } max })
            {
                _known[i] = true;
                if (max > _maxNanoseconds[i])
                {
                    _maxNanoseconds[i] = max;
                }
            }
        }
    }
}
