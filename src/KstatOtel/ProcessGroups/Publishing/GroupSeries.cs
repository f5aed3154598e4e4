using KstatOtel.ProcessGroups.Tracking;

namespace KstatOtel.ProcessGroups.Publishing;

/// <summary>
/// The identity of one group's series: its name and every tag array its measurements carry, made once when the group
/// appears and never changed, so that observing allocates nothing.
/// </summary>
internal sealed class GroupSeries
{
    public GroupSeries(string name)
    {
        Name = name;
        var group = new KeyValuePair<string, object?>(Attributes.GroupName, name);
        Plain = [group];
        CpuUser = [group, new(Attributes.CpuMode, "user")];
        CpuSystem = [group, new(Attributes.CpuMode, "system")];
        IoRead = [group, new(Attributes.DiskIoDirection, "read")];
        IoWrite = [group, new(Attributes.DiskIoDirection, "write")];
        FaultsMinor = [group, new(Attributes.FaultType, "minor")];
        FaultsMajor = [group, new(Attributes.FaultType, "major")];
        SwitchesVoluntary = [group, new(Attributes.ContextSwitchType, "voluntary")];
        SwitchesInvoluntary = [group, new(Attributes.ContextSwitchType, "involuntary")];
        Delays = new KeyValuePair<string, object?>[DelayKinds.Count][];
        for (var i = 0; i < DelayKinds.Count; i++)
        {
            Delays[i] = [group, new(Attributes.DelayKind, DelayKinds.Names[i])];
        }

        States = new KeyValuePair<string, object?>[ProcessStates.Count][];
        for (var i = 0; i < ProcessStates.Count; i++)
        {
            States[i] = [group, new(Attributes.ProcessState, Attributes.States[i])];
        }
    }

    public string Name { get; }

    public KeyValuePair<string, object?>[] Plain { get; }

    public KeyValuePair<string, object?>[] CpuUser { get; }

    public KeyValuePair<string, object?>[] CpuSystem { get; }

    public KeyValuePair<string, object?>[] IoRead { get; }

    public KeyValuePair<string, object?>[] IoWrite { get; }

    public KeyValuePair<string, object?>[] FaultsMinor { get; }

    public KeyValuePair<string, object?>[] FaultsMajor { get; }

    public KeyValuePair<string, object?>[] SwitchesVoluntary { get; }

    public KeyValuePair<string, object?>[] SwitchesInvoluntary { get; }

    /// <summary>By delay kind.</summary>
    public KeyValuePair<string, object?>[][] Delays { get; }

    /// <summary>By <see cref="ProcessStates"/> index.</summary>
    public KeyValuePair<string, object?>[][] States { get; }
}
