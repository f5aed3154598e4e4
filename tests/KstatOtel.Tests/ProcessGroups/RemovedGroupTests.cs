using KstatOtel.ProcessGroups;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// RemoveEmptyGroups: a removed group is not published while gone, and a group of its name that comes back resumes
/// from the remembered totals (the exported start time does not change, so a restart from zero would be a decrease);
/// at most MaxGroups removed groups are remembered, the oldest forgotten first and reported.
/// </summary>
public class RemovedGroupTests
{
    private static readonly ulong AfterTracking = ProcfsFixtureTree.TicksOf(1500);

    [Fact]
    public void AGroupThatComesBackResumesFromItsTotalsUnderTheSameStartTime()
    {
        using var tree = new ProcfsFixtureTree(uptimeSeconds: 1000);
        tree.SetProcess(new FixtureProcess { Pid = 50, Comm = "brief"u8.ToArray(), StartTicks = 10, UserTicks = 5, MinorFaults = 100 });
        tree.SetProcess(new FixtureProcess { Pid = 51, Comm = "stays"u8.ToArray(), StartTicks = 10 });
        using var harness = FixtureTreeTests.Harness(tree, o => o.ProcessGroups.RemoveEmptyGroups = true, new ProcessGroupDefinition { Name = "{Comm}" });

        tree.SetProcess(new FixtureProcess { Pid = 50, Comm = "brief"u8.ToArray(), StartTicks = 10, UserTicks = 505, MinorFaults = 400 });
        harness.RefreshAndCollect();
        var before = harness.Find(ProcessGroupInstruments.CpuTime, "brief", (Attributes.CpuMode, "user"))!;
        Assert.Equal(5.0, before.Value, 9);

        tree.RemoveProcess(50);
        harness.RefreshAndCollect();
        harness.RefreshAndCollect();
        Assert.DoesNotContain("brief", harness.GroupNames(ProcessGroupInstruments.CpuTime));
        Assert.DoesNotContain("brief", harness.GroupNames(ProcessGroupInstruments.Exits));
        Assert.Equal(1, harness.Tracker.Groups.Remembered);

        // A new "brief" process, started after tracking: it counts from its start, on top of what the group had.
        tree.SetProcess(new FixtureProcess { Pid = 52, Comm = "brief"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 10, MinorFaults = 7 });
        harness.RefreshAndCollect();
        var after = harness.Find(ProcessGroupInstruments.CpuTime, "brief", (Attributes.CpuMode, "user"))!;
        Assert.Equal(5.1, after.Value, 9);
        Assert.Equal(before.StartTimeUnixNano, after.StartTimeUnixNano);
        Assert.Equal(307, harness.Value(ProcessGroupInstruments.PagingFaults, "brief", (Attributes.FaultType, "minor")));
        Assert.Equal(1, harness.Value(ProcessGroupInstruments.Exits, "brief"));
        Assert.Equal(1, harness.Sum(ProcessGroupInstruments.ProcessCount, "brief"));
        Assert.Equal(0, harness.Tracker.Groups.Remembered);
    }

    [Fact]
    public void AtMostMaxGroupsRemovedGroupsAreRememberedTheOldestForgottenFirst()
    {
        var registry = new GroupRegistry(maxGroups: 2, removeEmpty: true);
        var a = Use(registry, "a", 1, 10);
        Use(registry, "b", 1, 20);
        registry.RemoveIdle(2);
        Assert.Empty(registry.Groups);
        Assert.Equal(2, registry.Remembered);

        using var events = new EventCapture();
        Use(registry, "c", 3, 30);
        Use(registry, "d", 3, 40);
        registry.RemoveIdle(4);
        Assert.Equal(2, registry.Remembered);
        Assert.Equal(2, registry.Forgotten);
        var forgotten = Assert.Single(events.Events, e => e.EventName == nameof(KstatOtel.Diagnostics.KstatOtelEventSource.ProcessGroupTotalsForgotten) && Equals(e.Payload![1], "a"));
        Assert.Equal(2, forgotten.Payload![0]);

        // "d" and "c" come back with their totals, "a" and "b" start again.
        Assert.Equal(40UL, registry.GetOrCreate("d", 5)!.Totals.UserNs);
        Assert.Equal(30UL, registry.GetOrCreate("c", 5)!.Totals.UserNs);
        Assert.Equal(["d", "c"], registry.Groups.Select(g => g.Name));
        Assert.Equal(0, registry.Remembered);
        registry.RemoveIdle(6);
        var againA = registry.GetOrCreate("a", 7)!;
        Assert.NotSame(a, againA);
        Assert.Equal(0UL, againA.Totals.UserNs);
    }

    [Fact]
    public void ARemovedGroupDoesNotComeBackPastTheCapOfLiveGroups()
    {
        var registry = new GroupRegistry(maxGroups: 1, removeEmpty: true);
        Use(registry, "a", 1, 10);
        registry.RemoveIdle(2);
        Use(registry, "b", 3, 20);
        Assert.Null(registry.GetOrCreate("a", 3));
        Assert.Equal(1, registry.Refused);
        Assert.Equal(1, registry.Remembered);
    }

    private static GroupState Use(GroupRegistry registry, string name, long refresh, ulong userNs)
    {
        var group = registry.GetOrCreate(name, refresh)!;
        group.Totals.UserNs += userNs;
        group.Totals.Known |= UsageFields.Cpu;
        return group;
    }
}
