using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// A <c>Comm</c> entry longer than the 15 bytes the kernel keeps: it matches the truncated comm of the process, and
/// the <c>LongCommEntry</c> warning names it once at start. Run alone, since listening makes other tests' events allocate.
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public class LongCommWarningTests
{
    [Fact]
    public void ALongCommEntryMatchesTheTruncatedCommAndIsReportedOnceAtStart()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 70, Comm = "kso-long-runnin"u8.ToArray(), StartTicks = 10 }); // the kernel's 15 bytes
        const string Entry = "kso-long-running-daemon";
        using var events = new EventCapture();
        using var harness = FixtureTreeTests.Harness(tree, new ProcessGroupDefinition { Name = "long", Comm = { Entry } });

        harness.Collect();
        Assert.Equal(["long"], harness.GroupNames());
        harness.RefreshAndCollect();

        // (EventSourceTests writes every event with sample payloads: only this module's warning names this entry.)
        var warning = Assert.Single(events.Events, e => e.EventId == 67 && Equals(e.Payload![1], Entry));
        Assert.Equal("long", warning.Payload![0]);
        Assert.Equal("kso-long-runnin", warning.Payload![2]);
    }
}
