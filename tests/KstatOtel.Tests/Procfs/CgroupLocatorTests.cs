using System.Globalization;
using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class CgroupLocatorTests
{
    private const string HostMountInfo =
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
        + "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:5 - cgroup cgroup rw,cpu,cpuacct\n"
        + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
        + "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime shared:9 master:1 - cgroup cgroup rw,xattr,name=systemd\n"
        + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n";

    [Fact]
    public void OwnV1DirectoriesListThisProcess()
    {
        Assert.Equal(ProcfsReadStatus.Ok, CgroupLocator.TryResolve(ProcfsPaths.DefaultRoot, Environment.ProcessId, out var directories));
        Assert.NotNull(directories);
        var cgroupFile = File.ReadAllLines("/proc/self/cgroup");
        var v1Lines = cgroupFile.Count(l => !l.StartsWith("0::", StringComparison.Ordinal));
        if (v1Lines == 0)
        {
            Assert.Empty(directories!.V1);
            return;
        }

        Assert.NotEmpty(directories!.V1);
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in directories.V1)
        {
            var procs = Path.Combine(directory.Directory, "cgroup.procs");
            Assert.True(File.Exists(procs), $"{procs} (for {directory.Controllers}) exists");
            Assert.Contains(pid, File.ReadAllLines(procs));
            Assert.Contains($"{directory.HierarchyId}:{directory.Controllers}:{directory.CgroupPath}", cgroupFile);
        }

        Assert.NotNull(directories.FindV1(directories.V1[0].Controllers.Split(',')[0]));
        Assert.Null(directories.FindV1("no-such-controller"));
    }

    [Fact]
    public void HostLayoutMapsEachHierarchyToItsMount()
    {
        var cgroup = "12:cpu,cpuacct:/system.slice/app.service\n4:memory:/process_api/28d6\n1:name=systemd:/user.slice/a:b\n0::/system.slice/app.service\n";
        var directories = CgroupLocator.Resolve(Ascii(cgroup), Ascii(HostMountInfo));
        Assert.Equal(3, directories.V1.Count);
        Assert.Equal(new CgroupV1Directory(12, "cpu,cpuacct", "/system.slice/app.service", "/sys/fs/cgroup/cpu,cpuacct/system.slice/app.service"), directories.V1[0]);
        Assert.Equal("/sys/fs/cgroup/memory/process_api/28d6", directories.FindV1("memory")!.Directory);
        Assert.Equal("/sys/fs/cgroup/systemd/user.slice/a:b", directories.FindV1("name=systemd")!.Directory);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct/system.slice/app.service", directories.FindV1("cpuacct")!.Directory);
        Assert.Equal("/sys/fs/cgroup/unified/system.slice/app.service", directories.V2Directory);
    }

    [Fact]
    public void ContainerMountRootIsStrippedAndOutsideCgroupsAreLeftOut()
    {
        // In a container the hierarchy is mounted from the container's own cgroup: root "/docker/abc".
        var mountInfo = "700 600 0:29 /docker/abc /sys/fs/cgroup/cpu rw,nosuid - cgroup cgroup rw,cpu\n"
            + "701 600 0:32 /docker/abc /sys/fs/cgroup/my\\040mem rw - cgroup cgroup rw,memory\n";
        var cgroup = "3:cpu:/docker/abc/worker\n4:memory:/docker/abc\n5:pids:/docker/abc\n6:blkio:/elsewhere\n";
        var directories = CgroupLocator.Resolve(Ascii(cgroup), Ascii(mountInfo));
        Assert.Equal(2, directories.V1.Count);
        Assert.Equal("/sys/fs/cgroup/cpu/worker", directories.FindV1("cpu")!.Directory);
        Assert.Equal("/sys/fs/cgroup/my mem", directories.FindV1("memory")!.Directory);
        Assert.Null(directories.FindV1("pids"));
        Assert.Null(directories.V2Directory);

        var sibling = CgroupLocator.Resolve(Ascii("3:cpu:/docker/abcdef\n"), Ascii(mountInfo));
        Assert.Empty(sibling.V1);
    }

    [Fact]
    public void V2OnlyHostHasNoV1Directories()
    {
        var directories = CgroupLocator.Resolve(Ascii("0::/user.slice\n"), Ascii("30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"));
        Assert.Empty(directories.V1);
        Assert.Equal("/sys/fs/cgroup/user.slice", directories.V2Directory);
    }

    [Fact]
    public void MountInfoFieldsAreSplitWithAndWithoutOptionalFields()
    {
        var reader = new MountInfoReader(Ascii(HostMountInfo));
        Assert.True(reader.TryReadNext(out var tmpfs));
        Assert.Equal(31, tmpfs.MountId);
        Assert.Equal(23, tmpfs.ParentId);
        Assert.Equal(0u, tmpfs.Major);
        Assert.Equal(28u, tmpfs.Minor);
        Assert.True(tmpfs.OptionalFields.IsEmpty);
        Assert.True(tmpfs.FsType.SequenceEqual("tmpfs"u8));
        Assert.True(reader.TryReadNext(out var cpu));
        Assert.True(cpu.OptionalFields.SequenceEqual("shared:5"u8));
        Assert.True(cpu.HasSuperOption("cpuacct"u8));
        Assert.False(cpu.HasSuperOption("cpuac"u8));
        Assert.True(reader.TryReadNext(out _));
        Assert.True(reader.TryReadNext(out var systemd));
        Assert.True(systemd.OptionalFields.SequenceEqual("shared:9 master:1"u8));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));

        var ownCount = 0;
        var own = new MountInfoReader(Read("/proc/self/mountinfo"));
        while (own.TryReadNext(out _))
        {
            ownCount++;
        }

        Assert.Equal(File.ReadAllLines("/proc/self/mountinfo").Length, ownCount);
        Assert.Equal("/a b\\c\nd", MountInfoReader.DecodePath("/a\\040b\\134c\\012d"u8));
    }

    [Theory]
    [InlineData("cpu:/x\n", "hierarchy-ID")]
    [InlineData("1:cpu\n", "controller-list")]
    [InlineData("1:cpu:x\n", "'/'")]
    [InlineData("-1:cpu:/x\n", "negative")]
    [InlineData("1:cpu:/x", "newline")]
    public void MalformedCgroupLinesRaiseTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => CgroupLocator.Resolve(Ascii(text), Ascii(HostMountInfo)));
        Assert.Contains(expected, error.Message);
        Assert.Equal("/proc/[pid]/cgroup", error.Input);
    }

    [Theory]
    [InlineData("31 23 0:28 / /sys/fs/cgroup rw - tmpfs\n", "filesystem type")]
    [InlineData("31 23 0:28 / /sys/fs/cgroup rw tmpfs tmpfs rw\n", "separator")]
    [InlineData("31 23 028 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n", "major:minor")]
    [InlineData("31 x 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n", "parent ID")]
    [InlineData("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw extra\n", "super options")]
    [InlineData("31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw", "newline")]
    public void MalformedMountInfoRaisesTheOneException(string text, string expected)
    {
        var error = Assert.Throws<MalformedInputException>(() => CgroupLocator.Resolve(Ascii("0::/\n"), Ascii(text)));
        Assert.Contains(expected, error.Message);
        Assert.Equal("/proc/[pid]/mountinfo", error.Input);
    }
}
