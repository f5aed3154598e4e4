using System.Globalization;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Testing;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Per-thread detail (opt-in) and the taskstats per-process figures, on a real multi-threaded process.</summary>
[Collection(ProcessGroupCollection.Name)]
public class ThreadDetailTests
{
    [Fact]
    public void ThreadsAreSummedByNameWithTheWaitChannelsTheySleepIn()
    {
        var name = PgChild.UniqueName("kso-t");
        using var child = PgChild.Threads(name);
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.UseTaskstats = false;
            o.ProcessGroups.IncludeThreads = true;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "thr", Comm = { name } });
        });
        harness.Collect();
        Assert.Equal(0, harness.Value(ProcessGroupInstruments.ThreadCpuTime, "thr", (Attributes.ThreadName, "pg-spin"), (Attributes.CpuMode, "user")));
        var spinTid = Tids(child.Pid).Single(t => Comm(child.Pid, t) == "pg-spin");

        // Increases between two refreshes, each /proc read made right after its refresh.
        harness.Refresh();
        var spinBefore = TaskCpu(child.Pid, spinTid);
        var napSwitchesBefore = Tids(child.Pid).Where(t => Comm(child.Pid, t) == "pg-nap").Sum(t => TaskSwitches(child.Pid, t));
        harness.Collect();
        var spinFirst = SpinCpu(harness);
        var napFirst = NapSwitches(harness);

        Thread.Sleep(1000);
        harness.RefreshAndCollect();
        var spinAfter = TaskCpu(child.Pid, spinTid);
        var napSwitchesAfter = Tids(child.Pid).Where(t => Comm(child.Pid, t) == "pg-nap").Sum(t => TaskSwitches(child.Pid, t));

        var spin = SpinCpu(harness) - spinFirst;
        Assert.InRange(spin, ((spinAfter - spinBefore) * 0.9) - 0.03, ((spinAfter - spinBefore) * 1.1) + 0.03);
        Assert.True(spin > 0, "the spinning thread used CPU");

        var napSwitches = NapSwitches(harness) - napFirst;
        Assert.InRange(napSwitches, (napSwitchesAfter - napSwitchesBefore) * 0.8 - 2, (napSwitchesAfter - napSwitchesBefore) * 1.2 + 2);
        Assert.True(napSwitches >= 10, $"two threads napping 50 ms for a second switched {napSwitches} times");

        // Wait channels of the sleeping threads, as /proc names them. The main thread (pause) and pg-wait (a futex)
        // never wake; the two pg-nap threads wake every 50 ms, so one may be running at the instant of the refresh.
        var steady = Tids(child.Pid)
            .Where(t => Comm(child.Pid, t) != "pg-nap" && Comm(child.Pid, t) != "pg-spin")
            .Select(t => File.ReadAllText($"/proc/{child.Pid}/task/{t}/wchan"))
            .GroupBy(w => w)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, steady.Values.Sum());
        foreach (var (wchan, count) in steady)
        {
            Assert.Equal(count, harness.Value(ProcessGroupInstruments.ThreadWaitChannel, "thr", (Attributes.WaitChannel, wchan)));
        }

        Assert.InRange(harness.Value(ProcessGroupInstruments.ThreadWaitChannel, "thr", (Attributes.WaitChannel, "hrtimer_nanosleep")), 1, 2);

        // Thread names other than those the process has do not appear.
        var names = harness.Capture.Get(ProcessGroupInstruments.ThreadCpuTime).Points.Select(p => (string)p.Attribute(Attributes.ThreadName)!).Distinct().Order();
        Assert.Equal([name, "pg-nap", "pg-spin", "pg-wait"], names.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void WithTaskstatsTheContextSwitchesOfEveryThreadAndTheCpuDelayArePublished()
    {
        Privileges.RequireNetAdmin();
        var name = PgChild.UniqueName("kso-d");
        using var child = PgChild.Threads(name);
        using var harness = new GroupsHarness(o => o.TrackProcesses(new ProcessGroupDefinition { Name = "tg", Comm = { name } }));

        // The run-queue waits of the threads (schedstat's run_delay, which taskstats sums as the cpu delay), read on
        // both sides of each refresh: the published increase lies between the inner and the outer difference.
        var delayOuterBefore = RunDelaySeconds(child.Pid);
        harness.Refresh();
        var delayInnerBefore = RunDelaySeconds(child.Pid);
        var before = Tids(child.Pid).Sum(t => TaskSwitches(child.Pid, t));
        harness.Collect();
        var first = harness.Value(ProcessGroupInstruments.ContextSwitches, "tg", (Attributes.ContextSwitchType, "voluntary"));
        var firstDelay = harness.Value(ProcessGroupInstruments.DelayTime, "tg", (Attributes.DelayKind, "cpu"));
        Thread.Sleep(1000);
        var delayInnerAfter = RunDelaySeconds(child.Pid);
        harness.Refresh();
        var delayOuterAfter = RunDelaySeconds(child.Pid);
        var after = Tids(child.Pid).Sum(t => TaskSwitches(child.Pid, t));
        harness.Collect();

        // Every thread's switches (the main thread, paused, makes none: status alone would show about 0).
        var published = harness.Value(ProcessGroupInstruments.ContextSwitches, "tg", (Attributes.ContextSwitchType, "voluntary")) - first;
        Assert.InRange(published, (after - before) * 0.8 - 2, (after - before) * 1.2 + 2);
        Assert.True(published >= 10, $"{published} voluntary switches from two napping threads over a second");

        // The CPU delay is always filled: two threads waking 20 times a second wait on the run queue each time.
        var delay = harness.Value(ProcessGroupInstruments.DelayTime, "tg", (Attributes.DelayKind, "cpu")) - firstDelay;
        Assert.True(delay > 0, $"the napping threads' run-queue wait grew by {delay} s");
        Assert.InRange(delay, delayInnerAfter - delayInnerBefore - 1e-9, delayOuterAfter - delayOuterBefore + 1e-9);
        Assert.True(harness.Value(ProcessGroupInstruments.DelayCount, "tg", (Attributes.DelayKind, "cpu")) > 0);

        // The other kinds exist exactly when the kernel fills them (kernel.task_delayacct=1).
        var blkio = harness.Find(ProcessGroupInstruments.DelayTime, "tg", (Attributes.DelayKind, "blkio"));
        if (File.ReadAllText("/proc/sys/kernel/task_delayacct").Trim() == "0")
        {
            Assert.Null(blkio);
        }
        else
        {
            Assert.NotNull(blkio);
        }
    }

    /// <summary>The run-queue wait of every thread of <paramref name="pid"/> (the second field of each task's schedstat), in seconds.</summary>
    private static double RunDelaySeconds(int pid) =>
        Tids(pid).Sum(t => double.Parse(File.ReadAllText($"/proc/{pid}/task/{t}/schedstat").Split(' ')[1], CultureInfo.InvariantCulture)) / 1e9;

    private static double SpinCpu(GroupsHarness harness) =>
        harness.Value(ProcessGroupInstruments.ThreadCpuTime, "thr", (Attributes.ThreadName, "pg-spin"), (Attributes.CpuMode, "user"))
        + harness.Value(ProcessGroupInstruments.ThreadCpuTime, "thr", (Attributes.ThreadName, "pg-spin"), (Attributes.CpuMode, "system"));

    private static double NapSwitches(GroupsHarness harness) =>
        harness.Value(ProcessGroupInstruments.ThreadContextSwitches, "thr", (Attributes.ThreadName, "pg-nap"), (Attributes.ContextSwitchType, "voluntary"));

    private static int[] Tids(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))];

    private static string Comm(int pid, int tid) => File.ReadAllText($"/proc/{pid}/task/{tid}/comm").TrimEnd('\n');

    private static double TaskCpu(int pid, int tid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/task/{tid}/stat").Split(") ")[1].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / ProcPid.ClockTicks;
    }

    private static long TaskSwitches(int pid, int tid)
    {
        var line = File.ReadLines($"/proc/{pid}/task/{tid}/status").First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
        return long.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
