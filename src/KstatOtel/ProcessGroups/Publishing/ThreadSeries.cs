namespace KstatOtel.ProcessGroups.Publishing;

/// <summary>The identity of the series of one thread name within one group, with its tag arrays, made once.</summary>
internal sealed class ThreadSeries
{
    public ThreadSeries(GroupSeries group, string threadName)
    {
        Group = group;
        ThreadName = threadName;
        var name = new KeyValuePair<string, object?>(Attributes.GroupName, group.Name);
        var thread = new KeyValuePair<string, object?>(Attributes.ThreadName, threadName);
        CpuUser = [name, thread, new(Attributes.CpuMode, "user")];
        CpuSystem = [name, thread, new(Attributes.CpuMode, "system")];
        IoRead = [name, thread, new(Attributes.DiskIoDirection, "read")];
        IoWrite = [name, thread, new(Attributes.DiskIoDirection, "write")];
        FaultsMinor = [name, thread, new(Attributes.FaultType, "minor")];
        FaultsMajor = [name, thread, new(Attributes.FaultType, "major")];
        SwitchesVoluntary = [name, thread, new(Attributes.ContextSwitchType, "voluntary")];
        SwitchesInvoluntary = [name, thread, new(Attributes.ContextSwitchType, "involuntary")];
    }

    public GroupSeries Group { get; }

    public string ThreadName { get; }

    public KeyValuePair<string, object?>[] CpuUser { get; }

    public KeyValuePair<string, object?>[] CpuSystem { get; }

    public KeyValuePair<string, object?>[] IoRead { get; }

    public KeyValuePair<string, object?>[] IoWrite { get; }

    public KeyValuePair<string, object?>[] FaultsMinor { get; }

    public KeyValuePair<string, object?>[] FaultsMajor { get; }

    public KeyValuePair<string, object?>[] SwitchesVoluntary { get; }

    public KeyValuePair<string, object?>[] SwitchesInvoluntary { get; }
}
