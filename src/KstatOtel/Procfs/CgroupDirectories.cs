namespace KstatOtel.Procfs;

/// <summary>The cgroup directories of one process, found by <see cref="CgroupLocator"/>.</summary>
internal sealed class CgroupDirectories
{
    public CgroupDirectories(IReadOnlyList<CgroupV1Directory> v1, string? v2Directory)
    {
        V1 = v1;
        V2Directory = v2Directory;
    }

    /// <summary>Every v1 hierarchy of the process whose mount was found, in /proc/[pid]/cgroup order.</summary>
    public IReadOnlyList<CgroupV1Directory> V1 { get; }

    /// <summary>The process's cgroup v2 directory, or null when no cgroup2 mount holds it.</summary>
    public string? V2Directory { get; }

    /// <summary>The v1 directory of the hierarchy that has <paramref name="controller"/> (e.g. "cpu", "name=systemd"), or null.</summary>
    public CgroupV1Directory? FindV1(string controller)
    {
        foreach (var directory in V1)
        {
            foreach (var name in directory.Controllers.Split(','))
            {
                if (name == controller)
                {
                    return directory;
                }
            }
        }

        return null;
    }
}
