using KstatOtel.Snapshots;

namespace KstatOtel.Linux;

/// <summary>Task counts by state of the own process's cgroup (v1) in one snapshot, from cgroupstats.</summary>
internal sealed class CgroupTasksPart : SnapshotPart<CgroupTasksPart>
{
    public long Running;
    public long Sleeping;
    public long Uninterruptible;
    public long Stopped;
    public long IoWait;

    protected override void CopyValuesFrom(CgroupTasksPart source)
    {
        Running = source.Running;
        Sleeping = source.Sleeping;
        Uninterruptible = source.Uninterruptible;
        Stopped = source.Stopped;
        IoWait = source.IoWait;
    }
}
