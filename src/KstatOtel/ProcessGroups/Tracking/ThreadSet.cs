using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>The threads of one tracked process, for thread detail: its task folder kept open and one entry per thread.</summary>
internal sealed class ThreadSet : IDisposable
{
    public ThreadSet(ProcfsDirectory tasks)
    {
        Tasks = tasks;
    }

    public ProcfsDirectory Tasks { get; }

    public Dictionary<int, ThreadEntry> Threads { get; } = [];

    /// <summary>The kept-open descriptors the threads hold.</summary>
    public int KeptDescriptors { get; set; }

    public void Dispose()
    {
        Tasks.Dispose();
        foreach (var thread in Threads.Values)
        {
            thread.Reader.Dispose();
        }

        Threads.Clear();
    }
}

/// <summary>One thread of a tracked process.</summary>
internal sealed class ThreadEntry(int tid, ProcessReader reader)
{
    public int Tid { get; } = tid;

    public ProcessReader Reader { get; } = reader;

    public ulong StartTicks;

    public UsageCounters Last;

    public UsageFields FromZero;

    public long SeenRefresh;

    /// <summary>The counters of the thread's current name in its group; null when the group's name cap refused it.</summary>
    public ThreadNameState? Name;

    public TaskComm Comm;
}
