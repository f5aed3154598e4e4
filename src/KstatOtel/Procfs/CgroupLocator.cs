using System.Text;

namespace KstatOtel.Procfs;

/// <summary>
/// Finds a process's cgroup directories by joining /proc/[pid]/cgroup with the reader's own
/// /proc/self/mountinfo: for each v1 hierarchy, the first "cgroup" mount whose super options name all of the
/// hierarchy's controllers, and for v2 the first "cgroup2" mount. A mount whose root is not "/" (a container's
/// view) holds only the cgroups below that root; hierarchies not visible through any mount are left out.
/// Runs once per process, not on a hot path: it allocates its result.
/// </summary>
internal static class CgroupLocator
{
    /// <summary>Joins the two files' contents. Raises <see cref="MalformedInputException"/> when either is malformed.</summary>
    public static CgroupDirectories Resolve(ReadOnlySpan<byte> cgroupFile, ReadOnlySpan<byte> mountInfo)
    {
        var v1 = new List<CgroupV1Directory>();
        string? v2 = null;
        var cgroups = new CgroupFileReader(cgroupFile);
        while (cgroups.TryReadNext(out var cgroup))
        {
            if (cgroup.IsV2)
            {
                v2 ??= FindDirectory(mountInfo, cgroup, "cgroup2"u8);
                continue;
            }

            if (cgroup.Controllers.IsEmpty)
            {
                continue;
            }

            if (FindDirectory(mountInfo, cgroup, "cgroup"u8) is { } directory)
            {
                v1.Add(new CgroupV1Directory(
                    cgroup.HierarchyId,
                    Encoding.UTF8.GetString(cgroup.Controllers),
                    Encoding.UTF8.GetString(cgroup.Path),
                    directory));
            }
        }

        return new CgroupDirectories(v1, v2);
    }

    /// <summary>
    /// Reads &lt;procfsRoot&gt;/&lt;pid&gt;/cgroup and &lt;procfsRoot&gt;/self/mountinfo and joins them.
    /// </summary>
    public static ProcfsReadStatus TryResolve(string procfsRoot, int pid, out CgroupDirectories? directories)
    {
        directories = null;
        var status = ProcfsFile.TryReadOnce(ProcfsPaths.ForProcess(procfsRoot, pid, "cgroup"), out var cgroupFile);
        if (status != ProcfsReadStatus.Ok)
        {
            return status;
        }

        status = ProcfsFile.TryReadOnce(ProcfsPaths.ForSelf(procfsRoot, "mountinfo"), out var mountInfo);
        if (status != ProcfsReadStatus.Ok)
        {
            return status;
        }

        directories = Resolve(cgroupFile, mountInfo);
        return ProcfsReadStatus.Ok;
    }

    private static string? FindDirectory(ReadOnlySpan<byte> mountInfo, CgroupEntry cgroup, ReadOnlySpan<byte> fsType)
    {
        var mounts = new MountInfoReader(mountInfo);
        while (mounts.TryReadNext(out var mount))
        {
            if (!mount.FsType.SequenceEqual(fsType) || (cgroup.HierarchyId != 0 && !HasAllControllers(mount, cgroup.Controllers)))
            {
                continue;
            }

            var root = MountInfoReader.DecodePath(mount.Root);
            var path = Encoding.UTF8.GetString(cgroup.Path);
            string relative;
            if (root == "/")
            {
                relative = path;
            }
            else if (path == root)
            {
                relative = "/";
            }
            else if (path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                relative = path[root.Length..];
            }
            else
            {
                continue;
            }

            var mountPoint = MountInfoReader.DecodePath(mount.MountPoint);
            return relative == "/" ? mountPoint : mountPoint.TrimEnd('/') + relative;
        }

        return null;
    }

    private static bool HasAllControllers(MountInfoEntry mount, ReadOnlySpan<byte> controllers)
    {
        var rest = controllers;
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf((byte)',');
            var controller = comma < 0 ? rest : rest[..comma];
            if (!controller.IsEmpty && !mount.HasSuperOption(controller))
            {
                return false;
            }

            rest = comma < 0 ? default : rest[(comma + 1)..];
        }

        return true;
    }
}
