using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Procfs;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// How exit records are accounted, with records made by the test and a fixture procfs root: members are topped up
/// (never counted twice), processes never seen are added in full, records before tracking are dropped.
/// </summary>
public class ExitRecordAccountingTests
{
    private const double StartOffset = 1500; // seconds after boot: after tracking started (uptime 1000 s)
    private static readonly ulong AfterTracking = ProcfsFixtureTree.TicksOf(StartOffset);
    private static readonly long StartSeconds = (long)ProcfsFixtureTree.BootTime + (long)StartOffset;

    [Fact]
    public void RecordsBeforeTheFirstRefreshAreDropped()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            queue.Add(Exit(900, "kso-top", user: 5));
            tracker.Refresh();
            Assert.Empty(tracker.Groups.Groups);
            Assert.Equal(0, tracker.UnseenExits);
        }
    }

    [Fact]
    public void AMemberIsToppedUpToItsFinalFiguresNotCountedTwice()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            var member = new FixtureProcess { Pid = 300, Comm = "kso-top"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 100, SystemTicks = 20, MinorFaults = 50, ReadBytes = 1000 };
            tree.SetProcess(member);
            tracker.Refresh();
            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(1_000_000_000UL, group.Totals.UserNs);

            // It ends: its record says 1.25 s user, 0.25 s system, 60 faults, 1500 bytes; it may still be listed (a zombie).
            queue.Add(Exit(300, "kso-top", user: 1.25, system: 0.25, minor: 60, read: 1500, start: StartSeconds));
            tree.SetProcess(member with { State = 'Z' });
            tracker.Refresh();
            Assert.Equal(1.5, (group.Totals.UserNs + group.Totals.SystemNs) / 1e9, 6);
            Assert.Equal(60UL, group.Totals.MinorFaults);
            Assert.Equal(1500UL, group.Totals.ReadBytes);

            tree.RemoveProcess(300);
            tracker.Refresh();
            tracker.Refresh();
            Assert.Equal(1.5, (group.Totals.UserNs + group.Totals.SystemNs) / 1e9, 6);
            Assert.Equal(1, group.Exits);
            Assert.Equal(0, tracker.UnseenExits);
        }
    }

    [Theory]
    [InlineData(0.0, 100, 2.5)] // a machine never suspended: a record 100 s off is another process
    [InlineData(600.0, 100, 1.5)] // suspended 10 minutes since boot: the record's monotonic start is 100 s later, the same process
    [InlineData(600.0, -100, 2.5)] // a suspend can only make the record's start later: 100 s earlier is another process
    public void AMemberWhoseLifeSpannedASuspendIsStillToppedUpNotCountedTwice(double suspendedSeconds, long offset, double expectedCpu)
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree, false, suspendedSeconds, new ProcessGroupDefinition { Name = "top", Comm = { "kso-top" } });
        using (tracker)
        {
            tracker.Refresh();
            var member = new FixtureProcess { Pid = 300, Comm = "kso-top"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 100 };
            tree.SetProcess(member);
            tracker.Refresh();
            var group = Assert.Single(tracker.Groups.Groups);

            // Exit records date the start from the monotonic clock, which stood still during the suspend: 100 s later than
            // procfs's boot-time clock says. Final figures 1.25 + 0.25 s: topped up from the 1 s already counted.
            queue.Add(Exit(300, "kso-top", user: 1.25, system: 0.25, start: StartSeconds + offset));
            tree.RemoveProcess(300);
            tracker.Refresh();

            Assert.Equal(expectedCpu, (group.Totals.UserNs + group.Totals.SystemNs) / 1e9, 6);
            Assert.Equal(expectedCpu > 2 ? 1 : 0, tracker.UnseenExits);
        }
    }

    [Fact]
    public void AProcessNeverSeenIsAddedInFullOnceEvenWhenItIsListedAfterwardsAsAZombie()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            queue.Add(Exit(301, "kso-top", user: 0.05, system: 0.01, minor: 7, read: 4096, start: StartSeconds));
            queue.Add(Exit(302, "kso-top", user: 0.10, system: 0.00, minor: 3, start: StartSeconds));
            tree.SetProcess(new FixtureProcess { Pid = 302, Comm = "kso-top"u8.ToArray(), State = 'Z', StartTicks = AfterTracking, UserTicks = 10, MinorFaults = 3 });
            tracker.Refresh();

            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(0.16, (group.Totals.UserNs + group.Totals.SystemNs) / 1e9, 6);
            Assert.Equal(10UL, group.Totals.MinorFaults);
            Assert.Equal(2, tracker.UnseenExits);
            Assert.Equal(2, group.Exits);
            Assert.Equal(1, group.Gauges.States[ProcessStates.Zombie]);

            tree.RemoveProcess(302);
            tracker.Refresh();
            Assert.Equal(2, group.Exits);
            Assert.Equal(0.16, (group.Totals.UserNs + group.Totals.SystemNs) / 1e9, 6);
        }
    }

    [Fact]
    public void ARecordWhoseStartDiffersIsAnotherProcessThatHadThePid()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            var member = new FixtureProcess { Pid = 303, Comm = "kso-top"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 100 };
            tree.SetProcess(member);
            tracker.Refresh();
            queue.Add(Exit(303, "kso-top", user: 0.3, start: StartSeconds - 60));
            tracker.Refresh();
            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(1.3, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(1, tracker.UnseenExits);
            Assert.Equal(1, group.Members);
        }
    }

    [Fact]
    public void RecordsAreSortedByCommAndByParentAndPassOverCommandLineGroupsTheirCommRulesOut()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 400, Comm = "kso-parent"u8.ToArray(), StartTicks = 100, Arguments = ["/bin/kso-parent", "--serve"] });
        var (tracker, queue) = Track(
            tree,
            trackChildren: true,
            new ProcessGroupDefinition { Name = "by-cmdline", Comm = { "kso-parent" }, Cmdline = { "--serve" } },
            new ProcessGroupDefinition { Name = "parent", Comm = { "kso-parent" } },
            new ProcessGroupDefinition { Name = "named-{Comm}", Comm = { "kso-named" } });
        using (tracker)
        {
            tracker.Refresh();
            Assert.Equal(["by-cmdline"], tracker.Groups.Groups.Select(g => g.Name));

            queue.Add(Exit(401, "helper", user: 0.2, ppid: 400));   // child of a member: its group
            queue.Add(Exit(402, "kso-named", user: 0.4));           // the cmdline group's comm rules it out: the next one takes it
            queue.Add(Exit(403, "nobody-wants", user: 9));          // no group
            tracker.Refresh();

            var groups = tracker.Groups.Groups.ToDictionary(g => g.Name);
            Assert.Equal(0.2, groups["by-cmdline"].Totals.UserNs / 1e9, 6);
            Assert.Equal(0.4, groups["named-kso-named"].Totals.UserNs / 1e9, 6);
            Assert.Equal(2, tracker.UnseenExits);
            Assert.Equal(0, tracker.UnattributedExits);
        }
    }

    [Fact]
    public void ARecordACommandLineGroupMightTakeIsUnattributedNotGivenToALaterGroup()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(
            tree,
            trackChildren: false,
            new ProcessGroupDefinition { Name = "workers", Cmdline = { @"worker-\d+" } },
            new ProcessGroupDefinition { Name = "{Comm}" });
        using (tracker)
        {
            tracker.Refresh();
            queue.Add(Exit(350, "kso-w", user: 0.7, start: StartSeconds));
            tracker.Refresh();

            // First match wins: without its command line the worker may be one of "workers", so the catch-all must not take it.
            Assert.DoesNotContain(tracker.Groups.Groups, g => g.Name == "kso-w");
            Assert.Equal(0, tracker.UnseenExits);
            Assert.Equal(1, tracker.UnattributedExits);
        }
    }

    [Fact]
    public void AMultiThreadedProcessNeverSeenGetsTheFaultsAndIoOfAllItsThreads()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            queue.Add(Exit(310, "kso-top", user: 0.1, minor: 5, read: 1024, lastOfGroup: false, tid: 311));
            queue.Add(Exit(310, "kso-top", user: 0.1, minor: 6, read: 2048, lastOfGroup: false, tid: 312));
            var last = Exit(310, "kso-top", user: 0.5, minor: 7, read: 0, tid: 310);
            last.HadThreads = true;
            last.Usage.Known &= ~(UsageFields.Faults | UsageFields.Io);
            queue.Add(last);
            tracker.Refresh();

            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(0.5, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(18UL, group.Totals.MinorFaults);
            Assert.Equal(3072UL, group.Totals.ReadBytes);
        }
    }

    [Fact]
    public void OnKernelsBefore618AMultiThreadedProcessNeverSeenGetsTheCpuTimeOfAllItsThreads()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            queue.Add(Exit(320, "kso-top", user: 0.1, system: 0.05, lastOfGroup: false, tid: 321));
            queue.Add(Exit(320, "kso-top", user: 0.2, lastOfGroup: false, tid: 322));

            // The last thread's own record (0.4 s user), and a thread-group record that, before 6.18, carried only delays.
            var last = Exit(320, "kso-top", user: 0.4, tid: 320);
            last.HadThreads = true;
            last.Usage.Known &= ~(UsageFields.Cpu | UsageFields.Faults | UsageFields.Io | UsageFields.ContextSwitches);
            queue.Add(last);
            tracker.Refresh();

            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(0.7, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(0.05, group.Totals.SystemNs / 1e9, 6);
            Assert.Equal(1, tracker.UnseenExits);
        }
    }

    internal static ExitRecord Exit(int pid, string comm, double user, double system = 0, ulong minor = 0, ulong read = 0, long start = 0, int ppid = 1, bool lastOfGroup = true, int tid = 0)
    {
        var record = new ExitRecord { Tgid = pid, Tid = tid == 0 ? pid : tid, Ppid = ppid, StartSeconds = start, IsProcessEnd = lastOfGroup };
        TaskComm.TryCreate(System.Text.Encoding.UTF8.GetBytes(comm), out record.Comm);
        record.Usage.UserNs = (ulong)(user * 1e9);
        record.Usage.SystemNs = (ulong)(system * 1e9);
        record.Usage.MinorFaults = minor;
        record.Usage.ReadBytes = read;
        record.Usage.Known = UsageFields.Cpu | UsageFields.Faults | UsageFields.Io | UsageFields.ContextSwitches;
        record.ThreadUsage = record.Usage;
        return record;
    }

    internal static (ProcessTracker Tracker, ExitRecordQueue Queue) Track(ProcfsFixtureTree tree) =>
        Track(tree, false, new ProcessGroupDefinition { Name = "top", Comm = { "kso-top" } });

    internal static (ProcessTracker Tracker, ExitRecordQueue Queue) Track(ProcfsFixtureTree tree, bool trackChildren, params ProcessGroupDefinition[] groups) =>
        Track(tree, trackChildren, suspendedSeconds: 0, groups);

    internal static (ProcessTracker Tracker, ExitRecordQueue Queue) Track(ProcfsFixtureTree tree, bool trackChildren, double suspendedSeconds, params ProcessGroupDefinition[] groups)
    {
        var queue = new ExitRecordQueue();
        var tracker = new ProcessTracker(new TrackerSettings
        {
            ProcfsRoot = tree.Root,
            Selector = new GroupSelector(groups),
            TrackChildren = trackChildren,
            BootTimeSeconds = ProcfsFixtureTree.BootTime,
            ClockTicksPerSecond = ProcfsFixtureTree.Hz,
            ExitRecords = queue,
            SuspendedSeconds = () => suspendedSeconds,
        });
        return (tracker, queue);
    }
}
