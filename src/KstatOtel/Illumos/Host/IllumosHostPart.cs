using KstatOtel.Snapshots;

namespace KstatOtel.Illumos.Host;

/// <summary>The illumos host's values in a snapshot: one area per collector, each written whole by its collector.</summary>
internal sealed class IllumosHostPart : SnapshotPart<IllumosHostPart>
{
    public CpuArea Cpu { get; } = new();

    public MemoryArea Memory { get; } = new();

    public SystemArea System { get; } = new();

    public DiskArea Disks { get; } = new();

    public NetworkArea Network { get; } = new();

    public ZfsArcArea ZfsArc { get; } = new();

    public NfsArea Nfs { get; } = new();

    public ZoneArea Zones { get; } = new();

    public CustomArea Custom { get; } = new();

    protected override void CopyValuesFrom(IllumosHostPart source)
    {
        Cpu.CopyFrom(source.Cpu);
        Memory.CopyFrom(source.Memory);
        System.CopyFrom(source.System);
        Disks.CopyFrom(source.Disks);
        Network.CopyFrom(source.Network);
        ZfsArc.CopyFrom(source.ZfsArc);
        Nfs.CopyFrom(source.Nfs);
        Zones.CopyFrom(source.Zones);
        Custom.CopyFrom(source.Custom);
    }
}
