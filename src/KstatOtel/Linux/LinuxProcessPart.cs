using KstatOtel.Snapshots;

namespace KstatOtel.Linux;

/// <summary>
/// The own process in one snapshot, written by <see cref="LinuxProcessModule"/>. A value whose Has flag is false (or a
/// null) was not read and is not published.
/// </summary>
internal sealed class LinuxProcessPart : SnapshotPart<LinuxProcessPart>
{
    public bool HasCpu;
    public double UserSeconds;
    public double SystemSeconds;

    public bool HasMemory;
    public long ResidentBytes;
    public long VirtualBytes;
    public long? ProportionalBytes;

    public bool HasDiskIo;
    public long DiskReadBytes;
    public long DiskWriteBytes;

    public bool HasContextSwitches;
    public long VoluntarySwitches;
    public long InvoluntarySwitches;

    public bool HasFaults;
    public long MinorFaults;
    public long MajorFaults;

    public bool HasThreads;
    public long Threads;
    public long? FileDescriptors;
    public double? UptimeSeconds;

    /// <summary>The delays, indexed by <see cref="Taskstats.TaskDelayKind"/>; empty values when taskstats is not used.</summary>
    public readonly DelayValue[] Delays = new DelayValue[DelayKinds.Count];

    protected override void CopyValuesFrom(LinuxProcessPart source)
    {
        HasCpu = source.HasCpu;
        UserSeconds = source.UserSeconds;
        SystemSeconds = source.SystemSeconds;
        HasMemory = source.HasMemory;
        ResidentBytes = source.ResidentBytes;
        VirtualBytes = source.VirtualBytes;
        ProportionalBytes = source.ProportionalBytes;
        HasDiskIo = source.HasDiskIo;
        DiskReadBytes = source.DiskReadBytes;
        DiskWriteBytes = source.DiskWriteBytes;
        HasContextSwitches = source.HasContextSwitches;
        VoluntarySwitches = source.VoluntarySwitches;
        InvoluntarySwitches = source.InvoluntarySwitches;
        HasFaults = source.HasFaults;
        MinorFaults = source.MinorFaults;
        MajorFaults = source.MajorFaults;
        HasThreads = source.HasThreads;
        Threads = source.Threads;
        FileDescriptors = source.FileDescriptors;
        UptimeSeconds = source.UptimeSeconds;
        source.Delays.AsSpan().CopyTo(Delays);
    }
}
