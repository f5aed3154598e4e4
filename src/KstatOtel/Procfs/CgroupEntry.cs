namespace KstatOtel.Procfs;

/// <summary>
/// One line of /proc/[pid]/cgroup: "hierarchy-ID:controller-list:cgroup-path". A cgroup v1 hierarchy has a
/// non-zero id and its controllers ("cpu,cpuacct", or "name=systemd" for a named hierarchy); the cgroup v2
/// (unified) line is "0::path". The spans point into the parsed content.
/// </summary>
internal readonly ref struct CgroupEntry
{
    public CgroupEntry(int hierarchyId, ReadOnlySpan<byte> controllers, ReadOnlySpan<byte> path)
    {
        HierarchyId = hierarchyId;
        Controllers = controllers;
        Path = path;
    }

    public int HierarchyId { get; }

    /// <summary>Comma-separated controller names; empty for the v2 line.</summary>
    public ReadOnlySpan<byte> Controllers { get; }

    /// <summary>The cgroup path, relative to the hierarchy's root (may contain ':').</summary>
    public ReadOnlySpan<byte> Path { get; }

    /// <summary>True for the cgroup v2 (unified hierarchy) line.</summary>
    public bool IsV2 => HierarchyId == 0 && Controllers.IsEmpty;
}
