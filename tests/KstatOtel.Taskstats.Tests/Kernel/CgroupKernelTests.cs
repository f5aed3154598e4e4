using System.Globalization;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>cgroupstats against the cgroup v1 hierarchies mounted here.</summary>
public class CgroupKernelTests
{
    private const string CpuHierarchy = "/sys/fs/cgroup/cpu";

    [SkippableFact]
    public void ACgroupV1DirectoryReportsTheStatesOfItsTasks()
    {
        Privileges.RequireRoot(); // to make a cgroup and move a task into it
        Skip.IfNot(File.Exists(Path.Combine(CpuHierarchy, "cgroup.procs")), $"needs the cgroup v1 cpu hierarchy at {CpuHierarchy}");
        var group = Path.Combine(CpuHierarchy, $"kstatotel-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(group);
        try
        {
            using var client = TaskstatsClient.Open();
            Assert.Equal(0UL, client.CgroupStats(group).Total);

            using (var child = Child.Start("wait"))
            {
                child.WaitReady();
                File.WriteAllText(Path.Combine(group, "cgroup.procs"), child.Pid.ToString(CultureInfo.InvariantCulture));

                var stats = client.CgroupStats(group);

                Assert.Equal(1UL, stats.Total);
                Assert.Equal(1UL, stats.Sleeping); // blocked reading its stdin
            }

            var root = client.CgroupStats(CpuHierarchy);
            Assert.True(root.Total > 0);
        }
        finally
        {
            for (var i = 0; i < 50 && Directory.Exists(group); i++)
            {
                try
                {
                    Directory.Delete(group);
                }
                catch (IOException)
                {
                    Thread.Sleep(100); // the child's exit is still being reaped
                }
            }
        }
    }

    [Fact]
    public void AFileThatIsNotADirectoryIsRefusedByOpenItself()
    {
        // O_DIRECTORY has another value on arm64 and powerpc than on x86_64: with the wrong one, open would succeed
        // on a regular file (as O_DIRECT or O_LARGEFILE) and the kernel, not open, would refuse it.
        using var client = TaskstatsClient.Open();

        var error = Assert.Throws<TaskstatsException>(() => client.CgroupStats("/proc/self/stat"));

        Assert.Equal("ENOTDIR", error.ErrorName);
        Assert.Contains("/proc/self/stat", error.Message);
    }

    [SkippableFact]
    public void ACgroupV2DirectoryIsRefusedWithAnExplanation()
    {
        var unified = "/sys/fs/cgroup/unified";
        Skip.IfNot(File.Exists(Path.Combine(unified, "cgroup.controllers")), $"needs a cgroup v2 mount at {unified}");
        using var client = TaskstatsClient.Open();

        var error = Assert.Throws<TaskstatsException>(() => client.CgroupStats(unified));

        Assert.Equal("EINVAL", error.ErrorName);
        Assert.Contains("cgroup v1", error.Message);
    }
}
