using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>Delay accounting, switched on by the test through kernel.task_delayacct and restored after.</summary>
[Collection(NonParallelCollection.Name)]
public class DelayAccountingKernelTests
{
    private const string Sysctl = "/proc/sys/kernel/task_delayacct";
    private readonly ITestOutputHelper _output;

    public DelayAccountingKernelTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void TheStateFollowsTheSysctl()
    {
        Skip.IfNot(File.Exists(Sysctl), $"needs {Sysctl} (Linux 5.14 or later)");
        var expected = File.ReadAllText(Sysctl).Trim() == "1" ? DelayAccountingState.Enabled : DelayAccountingState.Disabled;
        Assert.Equal(expected, TaskstatsClient.GetDelayAccountingState());
        Assert.Equal(DelayAccountingState.Unknown, TaskstatsClient.ReadDelayAccountingState("/proc/sys/kernel/no-such-sysctl"));
    }

    [SkippableFact]
    public void DirectReadsShowABlockIoDelayOnceDelayAccountingIsOn()
    {
        Privileges.RequireNetAdmin();
        Privileges.RequireRoot(); // writing the sysctl needs CAP_SYS_ADMIN
        Skip.IfNot(File.Exists(Sysctl), $"needs {Sysctl} (Linux 5.14 or later)");
        var saved = File.ReadAllText(Sysctl).Trim();
        var file = Path.Combine(AppContext.BaseDirectory, $"kstatotel-direct-{Guid.NewGuid():N}"); // on a disk, not tmpfs
        try
        {
            File.WriteAllText(Sysctl, "1");
            Assert.Equal(DelayAccountingState.Enabled, TaskstatsClient.GetDelayAccountingState());
            using var client = TaskstatsClient.Open();

            using var child = Child.Start("direct-read", file, (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
            child.WaitReady();
            var stats = client.Task(child.Pid);
            var blkio = stats.BlockIoDelay!.Value;
            _output.WriteLine($"blkio delay: count {blkio.Count}, total {blkio.Total}, average {blkio.Average}, max {blkio.Max}, min {blkio.Min}");

            Assert.True(blkio.Count > 0, "256 O_DIRECT reads of 4 KiB wait for the block device");
            Assert.True(blkio.TotalNanoseconds > 0);
            Assert.True(blkio.MaxNanoseconds >= blkio.MinNanoseconds);
            Assert.True(stats.ReadBytes >= 1024 * 1024);
        }
        finally
        {
            File.WriteAllText(Sysctl, saved);
            File.Delete(file);
        }

        Assert.Equal(saved, File.ReadAllText(Sysctl).Trim());
    }
}
