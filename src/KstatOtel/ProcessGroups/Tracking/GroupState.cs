using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Procfs;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>
/// One group as the tracker keeps it: its cumulative counters (which only grow, also across a removal and return with
/// <see cref="GroupRegistry.RemoveEmpty"/>), the processes that ended in it, its gauges of the current refresh, and
/// (with thread detail) its per-thread-name counters and wait-channel counts.
/// </summary>
internal sealed class GroupState
{
    /// <summary>The most thread names one group publishes; further names are folded into none (and reported once).</summary>
    public const int MaxThreadNames = 256;

    /// <summary>The most wait channels one group publishes at a refresh.</summary>
    public const int MaxWaitChannels = 256;

    private readonly Dictionary<TaskComm, ThreadNameState> threadsByName = [];
    private readonly Dictionary<TaskComm, WaitChannelState> waitsByName = [];

    public GroupState(string name)
    {
        Series = new GroupSeries(name);
        RemovedNode = new LinkedListNode<GroupState>(this);
    }

    public GroupSeries Series { get; }

    public string Name => Series.Name;

    /// <summary>Cumulative usage since tracking started.</summary>
    public UsageCounters Totals;

    /// <summary>Member processes that ended since tracking started.</summary>
    public long Exits;

    /// <summary>The current refresh's gauges (reset at its start).</summary>
    public GroupGauges Gauges;

    /// <summary>Live members (tracked processes), kept up to date as processes join and leave.</summary>
    public int Members;

    /// <summary>The last refresh in which the group had a member or received counts (for removing idle groups).</summary>
    public long LastActiveRefresh;

    /// <summary>The group's place among the removed groups the registry remembers (made once, so that removing allocates nothing).</summary>
    public LinkedListNode<GroupState> RemovedNode { get; }

    /// <summary>Thread names, in the order they appeared.</summary>
    public List<ThreadNameState> ThreadNames { get; } = [];

    /// <summary>Wait channels seen, in the order they appeared; <see cref="WaitChannelState.Count"/> is the current refresh's.</summary>
    public List<WaitChannelState> WaitChannels { get; } = [];

    /// <summary>True once a thread name was refused for exceeding <see cref="MaxThreadNames"/> (reported once).</summary>
    public bool ThreadNamesCapped { get; set; }

    /// <summary>The counters of thread name <paramref name="comm"/>, created on first use; null when the cap is reached.</summary>
    public ThreadNameState? GetThreadName(in TaskComm comm)
    {
        if (threadsByName.TryGetValue(comm, out var state))
        {
            return state;
        }

        if (threadsByName.Count >= MaxThreadNames)
        {
            return null;
        }

        state = new ThreadNameState(new ThreadSeries(Series, comm.ToString()));
        threadsByName.Add(comm, state);
        ThreadNames.Add(state);
        return state;
    }

    /// <summary>Counts one thread sleeping in <paramref name="symbol"/> at this refresh.</summary>
    public void CountWaitChannel(ReadOnlySpan<byte> symbol)
    {
        if (symbol.Length > TaskComm.Capacity)
        {
            symbol = symbol[..TaskComm.Capacity];
        }

        TaskComm.TryCreate(symbol, out var key);
        if (!waitsByName.TryGetValue(key, out var state))
        {
            if (waitsByName.Count >= MaxWaitChannels)
            {
                return;
            }

            state = new WaitChannelState(new WaitChannelSeries(Series, key.ToString()));
            waitsByName.Add(key, state);
            WaitChannels.Add(state);
        }

        state.Count++;
    }

    /// <summary>Starts a refresh: the gauges are summed anew.</summary>
    public void ResetGauges()
    {
        Gauges = default;
        foreach (var wait in WaitChannels)
        {
            wait.Count = 0;
        }
    }
}

/// <summary>The counters of one thread name within a group.</summary>
internal sealed class ThreadNameState(ThreadSeries series)
{
    public ThreadSeries Series { get; } = series;

    public UsageCounters Totals;
}

/// <summary>The threads of a group sleeping in one wait channel at the current refresh.</summary>
internal sealed class WaitChannelState(WaitChannelSeries series)
{
    public WaitChannelSeries Series { get; } = series;

    public int Count;
}
