namespace KstatOtel.Procfs;

/// <summary>
/// Where a process's cgroup in one cgroup v1 hierarchy lives in this mount namespace.
/// </summary>
/// <param name="HierarchyId">The hierarchy id from /proc/[pid]/cgroup.</param>
/// <param name="Controllers">The hierarchy's controllers, e.g. "cpu,cpuacct" or "name=systemd".</param>
/// <param name="CgroupPath">The process's cgroup path within the hierarchy, e.g. "/system.slice/x.service".</param>
/// <param name="Directory">The directory of that cgroup, e.g. "/sys/fs/cgroup/cpu/system.slice/x.service".</param>
internal sealed record CgroupV1Directory(int HierarchyId, string Controllers, string CgroupPath, string Directory);
