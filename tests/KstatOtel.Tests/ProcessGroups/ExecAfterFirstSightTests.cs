using System.Globalization;
using KstatOtel.Tests.ProcessGroups.Support;
using static KstatOtel.Tests.ProcessGroups.ExitRecordAccountingTests;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// Processes first seen in no group that later run a program a group takes (fork, then exec): found by a recheck they
/// count from their start; found only in their exit record they are counted from it; never twice.
/// </summary>
public class ExecAfterFirstSightTests
{
    private const double StartOffset = 1500; // seconds after boot: after tracking started (uptime 1000 s)
    private static readonly ulong AfterTracking = ProcfsFixtureTree.TicksOf(StartOffset);
    private static readonly ulong BeforeTracking = ProcfsFixtureTree.TicksOf(500);
    private static readonly long StartSeconds = (long)ProcfsFixtureTree.BootTime + (long)StartOffset;

    [Fact]
    public void AForkThatExecsIntoAGroupCountsFromItsStartWhenTheRecheckFindsIt()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, _) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            var child = new FixtureProcess { Pid = 500, Comm = "kso-shell"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 10 };
            tree.SetProcess(child);
            tracker.Refresh(); // seen with its parent's comm: no group, re-read in case it execs

            tree.SetProcess(child with { Comm = "kso-top"u8.ToArray(), UserTicks = 250 });
            tracker.Refresh();
            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(2.5, group.Totals.UserNs / 1e9, 6);

            tree.SetProcess(child with { Comm = "kso-top"u8.ToArray(), UserTicks = 300 });
            tracker.Refresh();
            Assert.Equal(3.0, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(1, group.Members);
        }
    }

    [Fact]
    public void AnIgnoredProcessThatEndsAsAGroupsProgramIsCountedOnceFromItsRecord()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            var child = new FixtureProcess { Pid = 320, Comm = "kso-shell"u8.ToArray(), StartTicks = AfterTracking, UserTicks = 5 };
            tree.SetProcess(child);
            tracker.Refresh();
            Assert.Empty(tracker.Groups.Groups);

            // It exec'd and ended before the next refresh; its zombie is still listed, under the new comm.
            queue.Add(Exit(320, "kso-top", user: 2.0, minor: 40, start: StartSeconds));
            tree.SetProcess(child with { Comm = "kso-top"u8.ToArray(), State = 'Z', UserTicks = 200, MinorFaults = 40 });
            tracker.Refresh();
            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(2.0, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(40UL, group.Totals.MinorFaults);
            Assert.Equal(1, group.Exits);
            Assert.Equal(1, tracker.UnseenExits);

            // The zombie is not sorted again (which would count it a second time), nor the record accounted twice.
            queue.Add(Exit(320, "kso-top", user: 2.0, minor: 40, start: StartSeconds));
            tracker.Refresh();
            tree.RemoveProcess(320);
            tracker.Refresh();
            tracker.Refresh();
            Assert.Equal(2.0, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(1, group.Exits);
            Assert.Equal(0, group.Members);
            Assert.Equal(1, tracker.UnseenExits);
        }
    }

    [Fact]
    public void AnIgnoredProcessThatEndsUnderTheSameCommStaysUncounted()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(
            tree,
            trackChildren: false,
            new ProcessGroupDefinition { Name = "py-web", Comm = { "kso-py" }, Cmdline = { "gunicorn" } });
        using (tracker)
        {
            tracker.Refresh();
            tree.SetProcess(new FixtureProcess { Pid = 340, Comm = "kso-py"u8.ToArray(), StartTicks = AfterTracking, Arguments = ["kso-py", "job.py"] });
            tracker.Refresh();
            queue.Add(Exit(340, "kso-py", user: 1.0, start: StartSeconds));
            tracker.Refresh();

            // Sorted with its command line when seen: not py-web. Its record neither joins a group nor is unattributed.
            Assert.Empty(tracker.Groups.Groups);
            Assert.Equal(0, tracker.UnseenExits);
            Assert.Equal(0, tracker.UnattributedExits);
        }
    }

    [Fact]
    public void AnUnreadableProcessIsCountedFromItsRecordWhenItStartedAfterTracking()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 330, Comm = "kso-top"u8.ToArray(), StartTicks = BeforeTracking });
        Unparseable(tree, 330);
        var (tracker, queue) = Track(tree);
        using (tracker)
        {
            tracker.Refresh();
            tree.SetProcess(new FixtureProcess { Pid = 331, Comm = "kso-top"u8.ToArray(), StartTicks = AfterTracking });
            Unparseable(tree, 331);
            tracker.Refresh();
            Assert.Equal(2, tracker.ReadFailures);

            queue.Add(Exit(330, "kso-top", user: 50.0));                   // running before tracking: no baseline, not counted
            queue.Add(Exit(331, "kso-top", user: 0.75, start: StartSeconds));
            tracker.Refresh();
            var group = Assert.Single(tracker.Groups.Groups);
            Assert.Equal(0.75, group.Totals.UserNs / 1e9, 6);
            Assert.Equal(1, group.Exits);
            Assert.Equal(1, tracker.UnseenExits);
        }
    }

    [Fact]
    public void AFormerMemberThatEndsAsAnotherGroupsProgramBringsOnlyWhatItsOldGroupDidNotCount()
    {
        using var tree = new ProcfsFixtureTree();
        var (tracker, queue) = Track(
            tree,
            trackChildren: false,
            new ProcessGroupDefinition { Name = "shell", Comm = { "kso-shell" } },
            new ProcessGroupDefinition { Name = "tool", Comm = { "kso-tool" } });
        using (tracker)
        {
            var process = new FixtureProcess { Pid = 60, Comm = "kso-shell"u8.ToArray(), StartTicks = BeforeTracking, UserTicks = 100 };
            tree.SetProcess(process);
            tracker.Refresh();
            tree.SetProcess(process with { UserTicks = 200 });
            tracker.Refresh();
            tree.SetProcess(process with { Comm = "kso-other"u8.ToArray(), UserTicks = 250 });
            tracker.Refresh(); // exec'd into a program no group takes: it leaves "shell"

            queue.Add(Exit(60, "kso-tool", user: 3.5, start: (long)ProcfsFixtureTree.BootTime + 500));
            tree.RemoveProcess(60);
            tracker.Refresh();
            var groups = tracker.Groups.Groups.ToDictionary(g => g.Name);
            Assert.Equal(1.0, groups["shell"].Totals.UserNs / 1e9, 6);
            Assert.Equal(1.5, groups["tool"].Totals.UserNs / 1e9, 6); // 3.5 s in all: 1.0 s before tracking, 1.0 s counted in "shell"
            Assert.Equal(1, groups["tool"].Exits);
        }
    }

    private static void Unparseable(ProcfsFixtureTree tree, int pid) =>
        File.WriteAllText(Path.Combine(tree.Root, pid.ToString(CultureInfo.InvariantCulture), "stat"), "not a stat line\n");
}
