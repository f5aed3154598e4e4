using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Process groups over a fixture procfs root: PID reuse, strange command names, children, the cap, empty groups.</summary>
public class FixtureTreeTests
{
    private static readonly ulong BeforeTracking = ProcfsFixtureTree.TicksOf(500);
    private static readonly ulong AfterTracking = ProcfsFixtureTree.TicksOf(1500);

    [Fact]
    public void PidReuseNeverGivesANegativeDelta()
    {
        using var tree = new ProcfsFixtureTree(uptimeSeconds: 1000);
        var first = new FixtureProcess { Pid = 100, Comm = "kso-fix"u8.ToArray(), StartTicks = BeforeTracking, UserTicks = 500, SystemTicks = 50, MinorFaults = 1000, ReadBytes = 4096, Voluntary = 10 };
        tree.SetProcess(first);
        using var harness = Harness(tree, new ProcessGroupDefinition { Name = "fix", Comm = { "kso-fix" } });

        harness.Collect();
        Assert.Equal(0, harness.Value(ProcessGroupInstruments.CpuTime, "fix", (Attributes.CpuMode, "user")));

        tree.SetProcess(first with { UserTicks = 700, MinorFaults = 1500, ReadBytes = 8192, Voluntary = 15 });
        harness.RefreshAndCollect();
        Assert.Equal(2.0, harness.Value(ProcessGroupInstruments.CpuTime, "fix", (Attributes.CpuMode, "user")), 9);
        Assert.Equal(500, harness.Value(ProcessGroupInstruments.PagingFaults, "fix", (Attributes.FaultType, "minor")));
        Assert.Equal(4096, harness.Value(ProcessGroupInstruments.DiskIo, "fix", (Attributes.DiskIoDirection, "read")));
        Assert.Equal(5, harness.Value(ProcessGroupInstruments.ContextSwitches, "fix", (Attributes.ContextSwitchType, "voluntary")));

        // Another process takes pid 100: its counts are small, and it started after tracking, so it counts from zero.
        tree.SetProcess(new FixtureProcess { Pid = 100, Comm = "kso-fix"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 10, MinorFaults = 20, ReadBytes = 100, Voluntary = 1 });
        harness.RefreshAndCollect();
        Assert.Equal(2.1, harness.Value(ProcessGroupInstruments.CpuTime, "fix", (Attributes.CpuMode, "user")), 9);
        Assert.Equal(520, harness.Value(ProcessGroupInstruments.PagingFaults, "fix", (Attributes.FaultType, "minor")));
        Assert.Equal(4196, harness.Value(ProcessGroupInstruments.DiskIo, "fix", (Attributes.DiskIoDirection, "read")));
        Assert.Equal(6, harness.Value(ProcessGroupInstruments.ContextSwitches, "fix", (Attributes.ContextSwitchType, "voluntary")));
        Assert.Equal(1, harness.Value(ProcessGroupInstruments.Exits, "fix"));
        Assert.Equal(1, harness.Sum(ProcessGroupInstruments.ProcessCount, "fix"));
    }

    [Fact]
    public void CommandNamesWithParenthesesSpacesNewlinesAndInvalidUtf8AreMatchedAndNamed()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 200, Comm = "a) b\nc"u8.ToArray(), StartTicks = BeforeTracking });
        tree.SetProcess(new FixtureProcess { Pid = 201, Comm = "x ) (y z"u8.ToArray(), StartTicks = BeforeTracking });
        tree.SetProcess(new FixtureProcess { Pid = 202, Comm = [(byte)'b', (byte)'a', (byte)'d', 0xff], StartTicks = BeforeTracking, State = 'R' });
        tree.SetProcess(new FixtureProcess { Pid = 203, Comm = "))"u8.ToArray(), StartTicks = BeforeTracking, State = 'Z' });
        using var harness = Harness(
            tree,
            new ProcessGroupDefinition { Name = "{Comm}", Comm = { "a) b\nc" } },
            new ProcessGroupDefinition { Name = "odd-{Comm}", Comm = { "x ) (y z" } },
            new ProcessGroupDefinition { Name = "{Comm}" });

        harness.Collect();
        Assert.Equal(["a) b\nc", "odd-x ) (y z", "bad\uFFFD", "))"], harness.GroupNames());
        Assert.Equal(1, harness.Value(ProcessGroupInstruments.ProcessCount, "a) b\nc", (Attributes.ProcessState, "sleeping")));
        Assert.Equal(1, harness.Value(ProcessGroupInstruments.ProcessCount, "odd-x ) (y z", (Attributes.ProcessState, "sleeping")));
        Assert.Equal(1, harness.Value(ProcessGroupInstruments.ProcessCount, "bad\uFFFD", (Attributes.ProcessState, "running")));
        Assert.Equal(1, harness.Value(ProcessGroupInstruments.ProcessCount, "))", (Attributes.ProcessState, "zombie")));
    }

    [Fact]
    public void GaugesAreSummedOverMembersFromTheFixtureFiles()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 10, Comm = "svc"u8.ToArray(), StartTicks = 2000, Threads = 4, ResidentBytes = 8 << 20, VirtualBytes = 100 << 20, SwapBytes = 1 << 20, OpenFiles = 10, FileLimit = 100 });
        tree.SetProcess(new FixtureProcess { Pid = 11, Comm = "svc"u8.ToArray(), StartTicks = 3000, Threads = 2, ResidentBytes = 2 << 20, VirtualBytes = 50 << 20, SwapBytes = 0, OpenFiles = 30, FileLimit = 1000 });
        using var harness = Harness(tree, new ProcessGroupDefinition { Name = "svc", Comm = { "svc" } });

        harness.Collect();
        Assert.Equal(6, harness.Value(ProcessGroupInstruments.ThreadCount, "svc"));
        Assert.Equal(10 << 20, harness.Value(ProcessGroupInstruments.MemoryUsage, "svc"));
        Assert.Equal(150 << 20, harness.Value(ProcessGroupInstruments.MemoryVirtual, "svc"));
        Assert.Equal(1 << 20, harness.Value(ProcessGroupInstruments.MemorySwap, "svc"));
        Assert.Equal(40, harness.Value(ProcessGroupInstruments.FileDescriptorCount, "svc"));
        Assert.Equal(0.1, harness.Value(ProcessGroupInstruments.FileDescriptorUtilization, "svc"), 9);
        Assert.Equal(ProcfsFixtureTree.BootTime + 20.0, harness.Value(ProcessGroupInstruments.OldestStartTime, "svc"), 9);
    }

    [Fact]
    public void ChildrenJoinTheirMatchedAncestorUnlessAGroupTakesThem()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 400, Comm = "kso-parent"u8.ToArray(), StartTicks = 1000 });
        tree.SetProcess(new FixtureProcess { Pid = 401, Ppid = 400, Comm = "helper"u8.ToArray(), StartTicks = 1100 });
        tree.SetProcess(new FixtureProcess { Pid = 402, Ppid = 401, Comm = "grandchild"u8.ToArray(), StartTicks = 1200 });
        tree.SetProcess(new FixtureProcess { Pid = 403, Ppid = 400, Comm = "kso-own"u8.ToArray(), StartTicks = 1300 });
        tree.SetProcess(new FixtureProcess { Pid = 404, Ppid = 1, Comm = "stranger"u8.ToArray(), StartTicks = 1400 });
        var definitions = new[]
        {
            new ProcessGroupDefinition { Name = "parent", Comm = { "kso-parent" } },
            new ProcessGroupDefinition { Name = "own", Comm = { "kso-own" } },
        };

        using (var children = Harness(tree, o => o.ProcessGroups.TrackChildren = true, definitions))
        {
            children.Collect();
            Assert.Equal(3, children.Sum(ProcessGroupInstruments.ProcessCount, "parent"));
            Assert.Equal(1, children.Sum(ProcessGroupInstruments.ProcessCount, "own"));
        }

        using var alone = Harness(tree, _ => { }, definitions.Select(d => d).ToArray());
        alone.Collect();
        Assert.Equal(1, alone.Sum(ProcessGroupInstruments.ProcessCount, "parent"));
    }

    [Fact]
    public void EmptyGroupsAreDroppedOnlyWhenAskedAndAfterTheirLastPublication()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 50, Comm = "brief"u8.ToArray(), StartTicks = 10, UserTicks = 5 });
        tree.SetProcess(new FixtureProcess { Pid = 51, Comm = "stays"u8.ToArray(), StartTicks = 10 });
        using var dropping = Harness(tree, o => o.ProcessGroups.RemoveEmptyGroups = true, new ProcessGroupDefinition { Name = "{Comm}" });
        using var keeping = Harness(tree, _ => { }, new ProcessGroupDefinition { Name = "{Comm}" });

        tree.SetProcess(new FixtureProcess { Pid = 50, Comm = "brief"u8.ToArray(), StartTicks = 10, UserTicks = 25 });
        dropping.RefreshAndCollect();
        keeping.RefreshAndCollect();
        tree.RemoveProcess(50);

        // The refresh that sees it gone still publishes it, with its final counts and no member.
        dropping.RefreshAndCollect();
        Assert.Equal(0, dropping.Sum(ProcessGroupInstruments.ProcessCount, "brief"));
        Assert.Equal(1, dropping.Value(ProcessGroupInstruments.Exits, "brief"));
        Assert.Equal(0.2, dropping.Value(ProcessGroupInstruments.CpuTime, "brief", (Attributes.CpuMode, "user")), 9);
        Assert.Equal(0, dropping.Value(ProcessGroupInstruments.MemoryUsage, "brief"));

        dropping.RefreshAndCollect();
        Assert.Equal(["stays"], dropping.GroupNames());
        Assert.DoesNotContain("brief", dropping.GroupNames(ProcessGroupInstruments.CpuTime));

        keeping.RefreshAndCollect();
        keeping.RefreshAndCollect();
        Assert.Equal(["brief", "stays"], keeping.GroupNames());
        Assert.Equal(0.2, keeping.Value(ProcessGroupInstruments.CpuTime, "brief", (Attributes.CpuMode, "user")), 9);
    }

    [Fact]
    public void ExecIntoAnotherProgramMovesTheProcessKeepingWhatItUsed()
    {
        using var tree = new ProcfsFixtureTree();
        var shell = new FixtureProcess { Pid = 60, Comm = "kso-shell"u8.ToArray(), StartTicks = 10, UserTicks = 100 };
        tree.SetProcess(shell);
        using var harness = Harness(
            tree,
            new ProcessGroupDefinition { Name = "shell", Comm = { "kso-shell" } },
            new ProcessGroupDefinition { Name = "tool", Comm = { "kso-tool" } });
        tree.SetProcess(shell with { UserTicks = 150 });
        harness.RefreshAndCollect();
        tree.SetProcess(shell with { Comm = "kso-tool"u8.ToArray(), UserTicks = 190 });
        harness.RefreshAndCollect();

        Assert.Equal(0.5, harness.Value(ProcessGroupInstruments.CpuTime, "shell", (Attributes.CpuMode, "user")), 9);
        Assert.Equal(0.4, harness.Value(ProcessGroupInstruments.CpuTime, "tool", (Attributes.CpuMode, "user")), 9);
        Assert.Equal(0, harness.Sum(ProcessGroupInstruments.ProcessCount, "shell"));
        Assert.Equal(1, harness.Sum(ProcessGroupInstruments.ProcessCount, "tool"));
    }

    internal static GroupsHarness Harness(ProcfsFixtureTree tree, params ProcessGroupDefinition[] groups) =>
        Harness(tree, _ => { }, groups);

    internal static GroupsHarness Harness(ProcfsFixtureTree tree, Action<KstatInstrumentationOptions> configure, params ProcessGroupDefinition[] groups) =>
        new(o =>
        {
            o.ProcfsRoot = tree.Root;
            o.TrackProcesses([.. groups.Select(g => g.Clone())]);
            configure(o);
        });
}
