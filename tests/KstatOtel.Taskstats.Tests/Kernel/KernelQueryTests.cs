using System.Diagnostics;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>Queries against the running kernel, checked against procfs. Need CAP_NET_ADMIN (CI runs as root).</summary>
public class KernelQueryTests
{
    private readonly ITestOutputHelper _output;

    public KernelQueryTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void TaskQueryOfAWriterMatchesItsProcIo()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        var file = Path.Combine(Path.GetTempPath(), $"kstatotel-writer-{Guid.NewGuid():N}");
        try
        {
            using var child = Child.Start("write", file, (4 * 1024 * 1024 + 123).ToString(System.Globalization.CultureInfo.InvariantCulture));
            child.WaitReady();

            var stats = client.Task(child.Pid);
            var writeBytes = Procfs.IoField(child.Pid, "write_bytes");
            var wchar = Procfs.IoField(child.Pid, "wchar");
            var syscw = Procfs.IoField(child.Pid, "syscw");
            _output.WriteLine($"taskstats write_bytes {stats.WriteBytes} wchar {stats.WriteChars}; /proc io write_bytes {writeBytes} wchar {wchar} syscw {syscw}");

            Assert.Equal(TaskStatsScope.Task, stats.Scope);
            Assert.Equal(child.Pid, stats.ProcessId);
            Assert.Equal(Environment.ProcessId, stats.ParentProcessId);
            Assert.Equal("ts-child", stats.Command);
            Assert.True(writeBytes >= 4 * 1024 * 1024, $"write_bytes {writeBytes}: the file should have reached the disk");
            Assert.Equal(writeBytes & ~1023UL, stats.WriteBytes); // the kernel rounds taskstats I/O down to KiB
            Assert.Equal(wchar & ~1023UL, stats.WriteChars);
            Assert.Equal(syscw & ~1023UL, stats.WriteSyscalls);
            Assert.NotNull(stats.MinorFaults);
            Assert.True(stats.PeakResidentBytes > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public void ContextSwitchesMatchProcStatus()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        var tid = Procfs.CurrentThreadId();
        for (var i = 0; i < 20; i++)
        {
            Thread.Sleep(1); // voluntary switches
        }

        var status = $"/proc/self/task/{tid}/status";
        var voluntaryBefore = Procfs.StatusField(status, "voluntary_ctxt_switches");
        var involuntaryBefore = Procfs.StatusField(status, "nonvoluntary_ctxt_switches");
        var task = client.Task(tid);
        var voluntaryAfter = Procfs.StatusField(status, "voluntary_ctxt_switches");
        var involuntaryAfter = Procfs.StatusField(status, "nonvoluntary_ctxt_switches");
        _output.WriteLine($"thread {tid}: voluntary {voluntaryBefore}..{voluntaryAfter} taskstats {task.VoluntaryContextSwitches}; involuntary {involuntaryBefore}..{involuntaryAfter} taskstats {task.InvoluntaryContextSwitches}");

        Assert.True(voluntaryBefore >= 20);
        Assert.InRange(task.VoluntaryContextSwitches!.Value, voluntaryBefore, voluntaryAfter);
        Assert.InRange(task.InvoluntaryContextSwitches!.Value, involuntaryBefore, involuntaryAfter);

        // The process's count covers every thread, the exited ones too: at least the live threads' sum.
        var liveSum = 0UL;
        foreach (var thread in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                liveSum += Procfs.StatusField(Path.Combine(thread, "status"), "voluntary_ctxt_switches");
            }
            catch (IOException)
            {
                // The thread exited meanwhile; the process total still holds its count.
            }
        }

        Assert.True(client.Self().VoluntaryContextSwitches >= liveSum);
    }

    [SkippableFact]
    public void AThreadGroupQueryReportsTheTaskOnlyFieldsAsAbsent()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();

        var group = client.Self();
        var leader = client.Task(Environment.ProcessId);

        Assert.Null(group.Command);
        Assert.Null(group.MinorFaults);
        Assert.Null(group.ReadChars);
        Assert.Null(group.PeakResidentBytes);
        Assert.NotNull(group.CpuDelay);
        Assert.Equal(File.ReadAllText("/proc/self/comm").TrimEnd('\n'), leader.Command);
        Assert.Equal(Environment.ProcessId, leader.ThreadGroupId);
        Assert.NotNull(leader.MinorFaults);
        Assert.NotNull(leader.ReadChars);
    }

    [SkippableFact]
    public void AnExitedProcessIsAFalseResultAndAnExplainedError()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        using var gone = Process.Start("/bin/true")!;
        gone.WaitForExit();

        Assert.False(client.TryTask(gone.Id, out _));
        Assert.False(client.TryThreadGroup(gone.Id, out _));
        var error = Assert.Throws<TaskstatsException>(() => client.ThreadGroup(gone.Id));
        Assert.Equal("ESRCH", error.ErrorName);
        Assert.Contains("no such process", error.Message);
        Assert.True(client.TrySelf(out var self));
        Assert.Equal(Environment.ProcessId, self.Id);
    }

    [SkippableFact]
    public void QueriesAllocateNothingInSteadyState()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        for (var i = 0; i < 100; i++)
        {
            client.Self();
            client.Task(Environment.ProcessId);
        }

        var allocated = Allocations.Measure(
            () =>
            {
                client.Self();
                client.TryThreadGroup(Environment.ProcessId, out _);
                client.Task(Environment.ProcessId);
            },
            1000);
        Assert.True(allocated.Smallest == 0, $"1000 rounds of self, thread-group and task queries allocated {allocated}");
    }

    [SkippableFact]
    public void TheFamilyOfThisKernelOffersBothCommands()
    {
        using var client = TaskstatsClient.Open(); // the lookup needs no privilege
        Assert.Equal("TASKSTATS", client.Family.Name);
        Assert.True(client.Family.Id >= 0x10);
        Assert.True(client.Family.FindOperation(1)!.Value.RequiresAdmin);
        Assert.False(client.Family.FindOperation(4)!.Value.RequiresAdmin);
    }

    [SkippableFact]
    public void UseAfterDisposeThrows()
    {
        var client = TaskstatsClient.Open();
        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => client.Self());
    }

}
