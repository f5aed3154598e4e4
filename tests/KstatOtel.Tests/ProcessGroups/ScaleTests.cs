using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Tests.ProcessGroups.Support;
using Xunit.Abstractions;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Many processes: memory and descriptors per tracked process are bounded, and the published start time.</summary>
[Collection(ProcessGroupCollection.Name)]
public class ScaleTests(ITestOutputHelper output)
{
    private const int Sleepers = 500;

    /// <summary>The most heap one tracked process may keep (its entry, reader, paths and last totals).</summary>
    private const int MaxRetainedPerProcess = 8 * 1024;

    [Fact]
    public void MemoryAndDescriptorsPerTrackedProcessAreBounded()
    {
        var name = PgChild.UniqueName("kso-z");
        using var sleepers = PgChild.Start("sleepers", Sleepers.ToString(System.Globalization.CultureInfo.InvariantCulture), name);
        Assert.Equal($"ready {Sleepers}", sleepers.ReadLine(TimeSpan.FromSeconds(60)));

        var settings = new TrackerSettings { ProcfsRoot = "/proc", Selector = new GroupSelector([new ProcessGroupDefinition { Name = "z", Comm = { name } }]) };
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var tracker = new ProcessTracker(settings);
        tracker.Refresh();
        tracker.Refresh();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var group = Assert.Single(tracker.Groups.Groups);
        Assert.Equal(Sleepers, group.Members);

        // What admitting a process allocates (thread-local, exact) bounds what tracking it keeps; the heap growth (the
        // figure reported) is measured process-wide and moves with whatever else runs.
        var allocatedPerProcess = (double)allocated / Sleepers;
        var retainedPerProcess = (double)(after - before) / Sleepers;
        var descriptors = (double)tracker.KeptDescriptors / Sleepers;
        output.WriteLine($"{Sleepers} tracked processes ({tracker.EntriesHeld} entries with the host's): {retainedPerProcess:0} B retained and {allocatedPerProcess:0} B allocated while admitting, {descriptors:0.0} descriptors kept open, per tracked process");
        Assert.InRange(allocatedPerProcess, 500, 16 * 1024);
        Assert.Equal(4.0, descriptors, 1);

        // docs/benchmarks.md reports 2.3 KB; the bound is generous (the heap is measured process-wide, the collection
        // runs alone) yet fails when an entry keeps a buffer of its own or the like.
        Assert.True(retainedPerProcess <= MaxRetainedPerProcess, $"{retainedPerProcess:0} B retained per tracked process (at most {MaxRetainedPerProcess} B)");
    }

    [Fact]
    public void ThePublishedStartTimeIsTheStartOfTracking()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 1, Comm = "first"u8.ToArray(), StartTicks = 10 });
        var before = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L);
        using var harness = FixtureTreeTests.Harness(tree, new ProcessGroupDefinition { Name = "{Comm}" });
        var after = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L) + 1_000_000UL;

        harness.Collect();
        var start = harness.Find(ProcessGroupInstruments.CpuTime, "first", (Attributes.CpuMode, "user"))!.StartTimeUnixNano;
        Assert.InRange(start, before, after);

        // A group that appears later carries the same start time (one per instrument); its counters held zero until then.
        tree.SetProcess(new FixtureProcess { Pid = 2, Comm = "later"u8.ToArray(), StartTicks = 20 });
        harness.RefreshAndCollect();
        Assert.Equal(start, harness.Find(ProcessGroupInstruments.CpuTime, "later", (Attributes.CpuMode, "user"))!.StartTimeUnixNano);
        Assert.Equal(0, harness.Value(ProcessGroupInstruments.CpuTime, "later", (Attributes.CpuMode, "user")));
    }
}
