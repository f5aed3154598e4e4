using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>The cap on groups, with its EventSource warning: run alone, since listening makes other tests' events allocate.</summary>
[Collection(ProcessGroupCollection.Name)]
public class CapTests
{
    [Fact]
    public void GroupsBeyondTheCapAreRefusedAndReported()
    {
        using var tree = new ProcfsFixtureTree();
        tree.SetProcess(new FixtureProcess { Pid = 1, Comm = "one"u8.ToArray(), StartTicks = 10 });
        tree.SetProcess(new FixtureProcess { Pid = 2, Comm = "two"u8.ToArray(), StartTicks = 20 });
        tree.SetProcess(new FixtureProcess { Pid = 3, Comm = "three"u8.ToArray(), StartTicks = 30 });
        tree.SetProcess(new FixtureProcess { Pid = 4, Comm = "three"u8.ToArray(), StartTicks = 40 });
        using var events = new EventCapture();
        using var harness = FixtureTreeTests.Harness(tree, o => o.ProcessGroups.MaxGroups = 2, new ProcessGroupDefinition { Name = "{Comm}" });

        harness.Collect();
        Assert.Equal(["one", "two"], harness.GroupNames());
        Assert.Equal(2, harness.Health(ProcessGroupInstruments.Refused));
        // (EventSourceTests writes every event with sample payloads: only this tracker's refusal has "three".)
        var warning = Assert.Single(events.Events, e => e.EventId == 61 && Equals(e.Payload![1], "three"));
        Assert.Equal(2, warning.Payload![0]);
        Assert.Equal("three", warning.Payload![1]);

        // Steady state: the refused processes are not refused again at every refresh.
        harness.RefreshAndCollect();
        Assert.Equal(2, harness.Health(ProcessGroupInstruments.Refused));
    }
}
