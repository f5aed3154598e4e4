using KstatOtel.Snapshots;

namespace KstatOtel.Illumos.Process;

/// <summary>The own process on illumos/Solaris, as of one refresh (from psinfo and usage).</summary>
internal sealed class IllumosProcessPart : SnapshotPart<IllumosProcessPart>
{
    public double UserSeconds;
    public double SystemSeconds;
    public long ResidentBytes;
    public long VirtualBytes;
    public long Threads;
    public long MinorFaults;
    public long MajorFaults;
    public long VoluntarySwitches;
    public long InvoluntarySwitches;
    public double UptimeSeconds;

    protected override void CopyValuesFrom(IllumosProcessPart source)
    {
        UserSeconds = source.UserSeconds;
        SystemSeconds = source.SystemSeconds;
        ResidentBytes = source.ResidentBytes;
        VirtualBytes = source.VirtualBytes;
        Threads = source.Threads;
        MinorFaults = source.MinorFaults;
        MajorFaults = source.MajorFaults;
        VoluntarySwitches = source.VoluntarySwitches;
        InvoluntarySwitches = source.InvoluntarySwitches;
        UptimeSeconds = source.UptimeSeconds;
    }
}
