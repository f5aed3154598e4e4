using System.Diagnostics;
using KstatOtel.Diagnostics;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>
/// The groups by name, in the order they appeared, under a cap: a group beyond <see cref="MaxGroups"/> is refused
/// (the process is not tracked, <see cref="Refused"/> counts it and an EventSource warning says so, at most once a
/// minute). With <see cref="RemoveEmpty"/>, a group with no member and no activity in a refresh is removed: no longer
/// published, but remembered by name with its totals, so that a group of that name that comes back resumes from them
/// (the published start time stays the one of tracking: a restart from zero would be a counter going down). At most
/// <see cref="MaxGroups"/> removed groups are remembered; beyond that the oldest removed is forgotten (counted in
/// <see cref="Forgotten"/>, reported at most once a minute).
/// </summary>
internal sealed class GroupRegistry
{
    private static readonly long WarningIntervalTicks = 60 * Stopwatch.Frequency;

    private readonly Dictionary<string, GroupState> byName = new(StringComparer.Ordinal);
    private readonly List<GroupState> ordered = [];
    private readonly Dictionary<string, GroupState> removedByName = new(StringComparer.Ordinal);

    /// <summary>The removed groups remembered, oldest removal first (nodes owned by the groups: no allocation).</summary>
    private readonly LinkedList<GroupState> removedOrder = new();
    private long lastWarning;
    private bool warned;
    private long lastForgetWarning;
    private bool forgetWarned;

    public GroupRegistry(int maxGroups, bool removeEmpty)
    {
        MaxGroups = maxGroups;
        RemoveEmpty = removeEmpty;
    }

    public int MaxGroups { get; }

    public bool RemoveEmpty { get; }

    /// <summary>Processes (and exit records) not tracked because their group would have exceeded the cap.</summary>
    public long Refused { get; private set; }

    /// <summary>Removed groups whose totals were forgotten because more than <see cref="MaxGroups"/> removed groups were remembered.</summary>
    public long Forgotten { get; private set; }

    /// <summary>The removed groups remembered now.</summary>
    public int Remembered => removedByName.Count;

    /// <summary>The groups, in the order they appeared.</summary>
    public List<GroupState> Groups => ordered;

    /// <summary>
    /// The group named <paramref name="name"/>: the current one, the removed one come back with its totals, or a new
    /// one when the cap allows; null when refused.
    /// </summary>
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

        if (removedByName.Remove(name, out group))
        {
            removedOrder.Remove(group.RemovedNode);

            // Removed after a refresh's publication: its gauges are those of that refresh, summed anew from here.
            group.ResetGauges();
        }
        else
        {
            group = new GroupState(name);
        }

        group.LastActiveRefresh = refresh;
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

    /// <summary>
    /// Ends a refresh: with <see cref="RemoveEmpty"/>, removes the groups left without member or activity, remembering
    /// their totals by name (at most <see cref="MaxGroups"/>, the oldest forgotten first).
    /// </summary>
    public void RemoveIdle(long refresh)
    {
        if (!RemoveEmpty)
        {
            return;
        }

        // In the order they appeared, so that the earlier group is the older removal.
        var kept = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var group = ordered[i];
            if (group.Members == 0 && group.LastActiveRefresh < refresh)
            {
                byName.Remove(group.Name);
                Remember(group);
            }
            else
            {
                ordered[kept++] = group;
            }
        }

        if (kept < ordered.Count)
        {
            ordered.RemoveRange(kept, ordered.Count - kept);
        }
    }

    private void Remember(GroupState group)
    {
        removedByName.Add(group.Name, group);
        removedOrder.AddLast(group.RemovedNode);
        while (removedByName.Count > MaxGroups && removedOrder.First is { } oldest)
        {
            removedOrder.RemoveFirst();
            removedByName.Remove(oldest.Value.Name);
            Forgotten++;
            var now = Stopwatch.GetTimestamp();
            if (!forgetWarned || now - lastForgetWarning >= WarningIntervalTicks)
            {
                forgetWarned = true;
                lastForgetWarning = now;
                KstatOtelEventSource.Log.ProcessGroupTotalsForgotten(MaxGroups, oldest.Value.Name, Forgotten);
            }
        }
    }
}
