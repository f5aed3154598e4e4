using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Taskstats;
using KstatOtel.Testing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Tests.ProcessGroups;
using KstatOtel.Tests.ProcessGroups.Support;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The series process groups add: per group, per thread name and wait channel with thread detail, and the
/// collection-health series that do not grow with the groups. Held to README.md ("What a host costs in series").
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public class SeriesCountGroupsTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void EachGroupAndTheHealthSeriesMakeTheDocumentedCounts()
    {
        Privileges.RequireNetAdmin();
        Skip.If(TaskstatsClient.GetDelayAccountingState() == DelayAccountingState.Enabled, "the README figure is for kernel.task_delayacct=0");
        var first = PgChild.UniqueName("kso-s");
        var second = PgChild.UniqueName("kso-t");
        using var one = PgChild.Sleep(first);
        using var two = PgChild.Sleep(second);
        using var harness = new GroupsHarness(o => o.TrackProcesses(
            new ProcessGroupDefinition { Name = "one", Comm = { first } },
            new ProcessGroupDefinition { Name = "two", Comm = { second } }));
        var exported = harness.RefreshAndCollect();
        output.WriteLine(new SeriesTally(exported).ToString());

        var perGroup = SeriesOf(exported, "one");
        Assert.Equal(perGroup, SeriesOf(exported, "two"));
        Assert.Equal(SeriesTable.Configuration("process groups, each group, with `CAP_NET_ADMIN`, `kernel.task_delayacct=0`"), perGroup);
        Assert.Equal(SeriesTable.Growth("a process group"), perGroup);

        var total = new SeriesTally(exported).Total;
        Assert.Equal(SeriesTable.Configuration("process groups, the collection-health series, whatever the number of groups"), total - (2 * perGroup));
    }

    [Fact]
    public void ThreadDetailAddsTheDocumentedSeriesPerThreadNameAndWaitChannel()
    {
        var name = PgChild.UniqueName("kso-m");
        using var child = PgChild.Threads(name);
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.IncludeThreads = true;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "threads", Comm = { name } });
        });
        var exported = harness.RefreshAndCollect();
        output.WriteLine(new SeriesTally(exported).ToString());

        var perThreadName = exported.Where(m => m.Name.StartsWith(ProcessGroupInstruments.Prefix + "thread.", StringComparison.Ordinal))
            .SelectMany(m => m.Points).Where(p => p.Attribute("thread.name") is not null).ToList();
        var threadNames = perThreadName.Select(p => p.Attribute("thread.name")).Distinct().Count();
        Assert.True(threadNames >= 2, $"the helper's threads gave {threadNames} thread names");
        Assert.Equal(SeriesTable.Growth("a thread name within a group (`IncludeThreads`)"), perThreadName.Count / threadNames);
        Assert.Equal(0, perThreadName.Count % threadNames);

        var waitChannels = exported.Where(m => m.Name == WaitChannel).SelectMany(m => m.Points).ToList();
        Assert.NotEmpty(waitChannels);
        Assert.Equal(waitChannels.Count, waitChannels.Select(p => p.Attribute("kstatotel.thread.wait_channel")).Distinct().Count() * SeriesTable.Growth("a wait channel within a group (`IncludeThreads`)"));
    }

    private const string WaitChannel = "kstatotel.process_group.thread.wait_channel";

    private static int SeriesOf(IReadOnlyList<CapturedMetric> exported, string group) =>
        exported.SelectMany(m => m.Points).Count(p => Equals(p.Attribute(Attributes.GroupName), group));
}
