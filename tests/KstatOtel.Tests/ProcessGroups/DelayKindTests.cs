using KstatOtel.ProcessGroups;
using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Taskstats;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// Delay kinds are known one by one: the exit record (or thread-group query) of a kernel whose struct taskstats
/// predates a kind lacks it, and the group publishes only the kinds some record had, never a made-up 0 for the others.
/// Records are made with the decoder's payload builder at older struct versions (v8: cpu, blkio, swapin, freepages;
/// v13 adds thrashing, compact, wpcopy; v14 irq).
/// </summary>
public class DelayKindTests
{
    private const string Comm = "fixture-comm"; // the comm StatsPayload writes

    public static TheoryData<int, string[]> Versions() => new()
    {
        { 8, ["cpu", "blkio", "swapin", "freepages"] },
        { 13, ["cpu", "blkio", "swapin", "freepages", "thrashing", "compact", "wpcopy"] },
        { 14, ["cpu", "blkio", "swapin", "freepages", "thrashing", "compact", "wpcopy", "irq"] },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void AnExitRecordKnowsOnlyTheKindsItsStructVersionHas(int version, string[] kinds)
    {
        var record = ExitRecord.From(Record(version, TaskStatsScope.Task), default, hasGroup: false);

        Assert.Equal(kinds, KnownKinds(record.Usage.Known));
        var cpu = Array.IndexOf(DelayKinds.Names, "cpu");
        Assert.Equal(StatsPayload.ValueAt(16), record.Usage.DelayCounts[cpu]);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void AGroupPublishesOnlyTheKindsItsRecordsHadEvenWithDelayAccountingOn(int version, string[] kinds)
    {
        using var tree = new ProcfsFixtureTree();
        Directory.CreateDirectory(Path.Combine(tree.Root, "sys", "kernel"));
        File.WriteAllText(Path.Combine(tree.Root, "sys", "kernel", "task_delayacct"), "1\n");
        var queue = new ExitRecordQueue();
        using var harness = new GroupsHarness(
            o =>
            {
                o.ProcfsRoot = tree.Root;
                o.TrackProcesses(new ProcessGroupDefinition { Name = "old-kernel", Comm = { Comm } });
            },
            o => new ProcessGroupsModule(
                new ProcessTracker(new TrackerSettings
                {
                    ProcfsRoot = tree.Root,
                    Selector = new GroupSelector(o.ProcessGroups.Groups),
                    BootTimeSeconds = ProcfsFixtureTree.BootTime,
                    ClockTicksPerSecond = ProcfsFixtureTree.Hz,
                    ExitRecords = queue,
                }),
                listener: null,
                queries: null,
                threads: false,
                proportional: false));

        // A multi-threaded process that started and ended between two refreshes: its task and thread-group records.
        queue.Add(ExitRecord.From(Record(version, TaskStatsScope.Task), Record(version, TaskStatsScope.ThreadGroup), hasGroup: true));
        harness.RefreshAndCollect();

        Assert.Equal(1, harness.Value(ProcessGroupInstruments.Exits, "old-kernel"));
        foreach (var metric in new[] { ProcessGroupInstruments.DelayTime, ProcessGroupInstruments.DelayCount })
        {
            var published = harness.Capture.Get(metric).Points
                .Where(p => Equals(p.Attribute(Attributes.GroupName), "old-kernel"))
                .Select(p => (string)p.Attribute(Attributes.DelayKind)!)
                .Order(StringComparer.Ordinal);
            Assert.Equal(kinds.Order(StringComparer.Ordinal), published);
        }

        // The values are the record's, not zeros.
        var blkio = Array.IndexOf(DelayKinds.Names, "blkio");
        var (countOffset, _, _) = KstatOtel.Taskstats.Protocol.TaskStatsLayout.Delay(DelayKinds.Kinds[blkio]);
        Assert.Equal(StatsPayload.ValueAt(countOffset), harness.Value(ProcessGroupInstruments.DelayCount, "old-kernel", (Attributes.DelayKind, "blkio")));
    }

    [Fact]
    public void AKindFirstSeenInALaterRecordIsABaselineWhileTheOthersKeepCounting()
    {
        // A member read at v13 (no irq), then at v14: irq appears and is taken as the baseline, not added in full.
        var last = default(UsageCounters);
        var total = default(UsageCounters);
        var v13 = ExitRecord.Read(Record(13, TaskStatsScope.ThreadGroup), withTaskFields: false);
        UsageCounters.Accumulate(ref last, v13, ref total, UsageFields.None);
        var v14 = ExitRecord.Read(Record(14, TaskStatsScope.ThreadGroup), withTaskFields: false);
        var cpu = Array.IndexOf(DelayKinds.Names, "cpu");
        var irq = Array.IndexOf(DelayKinds.Names, "irq");
        v14.DelayCounts[cpu] += 5;
        v14.DelayCounts[irq] += 5;
        UsageCounters.Accumulate(ref last, v14, ref total, UsageFields.None);

        Assert.Equal(5UL, total.DelayCounts[cpu]);
        Assert.Equal(0UL, total.DelayCounts[irq]);
        Assert.Contains("irq", KnownKinds(total.Known));
    }

    private static TaskStats Record(int version, TaskStatsScope scope)
    {
        var stats = default(TaskStats);
        TaskStats.Fill(ref stats, StatsPayload.Build(version), version, scope, scope == TaskStatsScope.ThreadGroup ? 4240 : 4242, isExitRecord: true);
        return stats;
    }

    private static string[] KnownKinds(UsageFields known) =>
        [.. Enumerable.Range(0, DelayKinds.Count).Where(i => (known & UsageDelayFields.Of(i)) != 0).Select(i => DelayKinds.Names[i])];
}
