using System.Diagnostics;
using KstatOtel.Diagnostics;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>
/// The groups by name, in the order they appeared, under a cap: a group beyond <see cref="MaxGroups"/> is refused
/// (the process is not tracked, <see cref="Refused"/> counts it and an EventSource warning says so, at most once a
/// minute). With <see cref="RemoveEmpty"/>, a group with no member and no activity in a refresh is forgotten.
/// </summary>
internal sealed class GroupRegistry
{
    private static readonly long WarningIntervalTicks = 60 * Stopwatch.Frequency;

    private readonly Dictionary<string, GroupState> byName = new(StringComparer.Ordinal);
    private readonly List<GroupState> ordered = [];
    private long lastWarning;
    private bool warned;

    public GroupRegistry(int maxGroups, bool removeEmpty)
    {
        MaxGroups = maxGroups;
        RemoveEmpty = removeEmpty;
    }

    public int MaxGroups { get; }

    public bool RemoveEmpty { get; }

    /// <summary>Processes (and exit records) not tracked because their group would have exceeded the cap.</summary>
    public long Refused { get; private set; }

    /// <summary>The groups, in the order they appeared.</summary>
    public List<GroupState> Groups => ordered;

    /// <summary>The group named <paramref name="name"/>, created when new and the cap allows; null when refused.</summary>
    public GroupState? GetOrCreate(string name, long refresh)
    {
        if (byName.TryGetValue(name, out var group))
        {
            return group;
        }

        if (ordered.Count >= MaxGroups)
        {
            Refused++;
            var now = Stopwatch.GetTimestamp();
            if (!warned || now - lastWarning >= WarningIntervalTicks)
            {
                warned = true;
                lastWarning = now;
                KstatOtelEventSource.Log.ProcessGroupLimitReached(MaxGroups, name, Refused);
            }

            return null;
        }

        group = new GroupState(name) { LastActiveRefresh = refresh };
        byName.Add(name, group);
        ordered.Add(group);
        return group;
    }

    /// <summary>Starts a refresh: every group's gauges are summed anew.</summary>
    public void ResetGauges()
    {
        foreach (var group in ordered)
        {
            group.ResetGauges();
        }
    }

    /// <summary>Ends a refresh: with <see cref="RemoveEmpty"/>, forgets the groups left without member or activity.</summary>
    public void RemoveIdle(long refresh)
    {
        if (!RemoveEmpty)
        {
            return;
        }

        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            var group = ordered[i];
            if (group.Members == 0 && group.LastActiveRefresh < refresh)
            {
                ordered.RemoveAt(i);
                byName.Remove(group.Name);
            }
        }
    }
}
