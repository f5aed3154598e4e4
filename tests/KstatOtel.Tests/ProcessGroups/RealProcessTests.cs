using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Groups of real processes with distinctive names, checked against what /proc says about them.</summary>
[Collection(ProcessGroupCollection.Name)]
public class RealProcessTests
{
    [Fact]
    public void CountsStatesMemoryThreadsAndDescriptorsMatchProc()
    {
        var sleepName = PgChild.UniqueName("kso-s");
        var spinName = PgChild.UniqueName("kso-p");
        using var sleepers = new ChildSet(() => PgChild.Sleep(sleepName, megabytes: 8), 3);
        using var spinners = new ChildSet(() => PgChild.Spin(spinName), 2);
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.UseTaskstats = false;
            o.TrackProcesses(
                new ProcessGroupDefinition { Name = "sleepers", Comm = { sleepName } },
                new ProcessGroupDefinition { Name = "spinners", Comm = { spinName } });
        });

        harness.RefreshAndCollect();

        Assert.Equal(3, harness.Value(ProcessGroupInstruments.ProcessCount, "sleepers", (Attributes.ProcessState, "sleeping")));
        Assert.Equal(0, harness.Value(ProcessGroupInstruments.ProcessCount, "sleepers", (Attributes.ProcessState, "running")));
        Assert.Equal(2, harness.Value(ProcessGroupInstruments.ProcessCount, "spinners", (Attributes.ProcessState, "running")));
        Assert.Equal(0, harness.Value(ProcessGroupInstruments.ProcessCount, "spinners", (Attributes.ProcessState, "zombie")));
        Assert.Equal(3, harness.Value(ProcessGroupInstruments.ThreadCount, "sleepers"));
        Assert.Equal(2, harness.Value(ProcessGroupInstruments.ThreadCount, "spinners"));

        // Memory: VmRSS summed (the sleepers hold 8 MiB each, touched) and VmSize; read right after the refresh.
        var rss = sleepers.Pids.Sum(pid => ProcPid.StatusBytes(pid, "VmRSS")!.Value);
        var published = harness.Value(ProcessGroupInstruments.MemoryUsage, "sleepers");
        Assert.InRange(published, rss * 0.98 - 65536, rss * 1.02 + 65536);
        Assert.True(published > 3 * 8 * 1024 * 1024, $"resident {published} B for three processes holding 8 MiB each");
        Assert.Equal(sleepers.Pids.Sum(pid => ProcPid.StatusBytes(pid, "VmSize")!.Value), harness.Value(ProcessGroupInstruments.MemoryVirtual, "sleepers"));
        Assert.Equal(sleepers.Pids.Sum(pid => ProcPid.StatusBytes(pid, "VmSwap") ?? 0), harness.Value(ProcessGroupInstruments.MemorySwap, "sleepers"));

        // Descriptors and their worst ratio to the soft limit.
        var fds = sleepers.Pids.Sum(pid => Directory.GetFiles($"/proc/{pid}/fd").Length);
        Assert.Equal(fds, harness.Value(ProcessGroupInstruments.FileDescriptorCount, "sleepers"));
        var soft = SoftFileLimit(sleepers.Pids[0]);
        var worst = sleepers.Pids.Max(pid => Directory.GetFiles($"/proc/{pid}/fd").Length / soft);
        Assert.Equal(worst, harness.Value(ProcessGroupInstruments.FileDescriptorUtilization, "sleepers"), 9);

        // The oldest start, from stat's starttime and the boot time.
        var boot = File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal))[6..];
        var oldest = double.Parse(boot, System.Globalization.CultureInfo.InvariantCulture)
            + (sleepers.Pids.Min(pid => double.Parse(ProcPid.Stat(pid)[22], System.Globalization.CultureInfo.InvariantCulture)) / ProcPid.ClockTicks);
        Assert.Equal(oldest, harness.Value(ProcessGroupInstruments.OldestStartTime, "sleepers"), 6);
    }

    [Fact]
    public void CountersStartAtZeroAndFollowTheCpuProcReports()
    {
        var spinName = PgChild.UniqueName("kso-c");
        using var spinners = new ChildSet(() => PgChild.Spin(spinName), 2);
        Thread.Sleep(300); // CPU used before tracking starts must not be counted.
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.UseTaskstats = false;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "burn", Comm = { spinName } });
        });

        harness.Collect();
        Assert.Equal(0, harness.Sum(ProcessGroupInstruments.CpuTime, "burn"));

        // Compare increases between refreshes, each /proc read made right after its refresh.
        harness.Refresh();
        var before = spinners.Pids.Sum(ProcPid.CpuSeconds);
        harness.Collect();
        var first = harness.Sum(ProcessGroupInstruments.CpuTime, "burn");

        Thread.Sleep(1500);
        harness.Refresh();
        var after = spinners.Pids.Sum(ProcPid.CpuSeconds);
        harness.Collect();
        var second = harness.Sum(ProcessGroupInstruments.CpuTime, "burn");

        // The harness's reads and the test's happen a few ms apart.
        Assert.InRange(second - first, (after - before) * 0.95 - 0.03, (after - before) * 1.05 + 0.03);
        Assert.True(second - first > 0.1, $"two spinners over 1.5 s used {second - first} s");

        // A process started after tracking counts from zero: all its CPU is in the group.
        using var late = PgChild.Spin(spinName);
        Thread.Sleep(1200);
        harness.Refresh();
        var lateCpu = ProcPid.CpuSeconds(late.Pid);
        var others = spinners.Pids.Sum(ProcPid.CpuSeconds) - after;
        harness.Collect();
        var third = harness.Sum(ProcessGroupInstruments.CpuTime, "burn");
        Assert.True(lateCpu > 0.02, $"the late spinner used {lateCpu} s");
        Assert.InRange(third - second, (others + lateCpu) * 0.95 - 0.03, (others + lateCpu) * 1.05 + 0.03);
    }

    [Fact]
    public void KillingAndRestartingMembersKeepsEveryCounterMonotonic()
    {
        var name = PgChild.UniqueName("kso-k");
        var members = new List<PgChild> { PgChild.Spin(name), PgChild.Spin(name), PgChild.Sleep(name) };
        try
        {
            using var harness = new GroupsHarness(o => o.TrackProcesses(new ProcessGroupDefinition { Name = "churn", Comm = { name } }));
            var previous = new Dictionary<string, double>();
            for (var round = 0; round < 6; round++)
            {
                Thread.Sleep(150);
                harness.RefreshAndCollect();
                foreach (var metric in harness.Capture.Latest.Where(m => m.IsMonotonic))
                {
                    foreach (var point in metric.Points.Where(p => Equals(p.Attribute(Attributes.GroupName), "churn")))
                    {
                        var key = metric.Name + string.Join(",", point.Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"));
                        if (previous.TryGetValue(key, out var last))
                        {
                            Assert.True(point.Value >= last, $"{key} went from {last} to {point.Value} in round {round}");
                        }

                        previous[key] = point.Value;
                    }
                }

                Assert.Equal(round, harness.Value(ProcessGroupInstruments.Exits, "churn"));
                Assert.Equal(3, harness.Sum(ProcessGroupInstruments.ProcessCount, "churn"));

                // Kill the oldest member, start a new one with the same name.
                members[0].Dispose();
                members.RemoveAt(0);
                members.Add(round % 2 == 0 ? PgChild.Spin(name) : PgChild.Sleep(name));
            }

            Assert.Contains(previous.Keys, k => k.StartsWith(ProcessGroupInstruments.CpuTime, StringComparison.Ordinal));
        }
        finally
        {
            members.ForEach(m => m.Dispose());
        }
    }

    private static double SoftFileLimit(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return double.Parse(line[26..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
