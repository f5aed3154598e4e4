using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Testing;
using KstatOtel.Tests.Illumos;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// README.md's "Process groups (Linux)" and "Process groups: collection health (Linux)" tables and the code agree:
/// the same instruments, with the documented kind, unit, attribute keys and values, created exactly when documented.
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public class ReadmeTableTests
{
    private const string Groups = "Process groups (Linux)";
    private const string Health = "Process groups: collection health (Linux)";

    [SkippableFact]
    public void WithTaskstatsAndEveryOptionEveryRowButTheUnobservedTasksIsPublished()
    {
        Privileges.RequireNetAdmin();
        var rows = ReadmeTable.Read(Groups).Concat(ReadmeTable.Read(Health)).ToList();
        var name = PgChild.UniqueName("kso-m");
        using var child = PgChild.Threads(name);
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.IncludeThreads = true;
            o.ProcessGroups.IncludeProportionalSetSize = true;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "readme", Comm = { name } });
        });
        var exported = OwnMetrics(harness.RefreshAndCollect());

        Assert.Equal(rows.Select(r => r.Name).Order(), OwnInstruments(harness));
        ReadmeTablesTests.Compare([.. rows.Where(r => r.Name != ProcessGroupInstruments.UnobservedTasks)], null, exported);
        Assert.DoesNotContain(exported, m => m.Name == ProcessGroupInstruments.UnobservedTasks && m.Points.Count > 0);
    }

    [Fact]
    public void WithoutOptionsTheOptInRowsAreNotCreatedAndProcfsAloneCountsTheUnobservedTasks()
    {
        var rows = ReadmeTable.Read(Groups).Concat(ReadmeTable.Read(Health)).ToList();
        var name = PgChild.UniqueName("kso-m");
        using var child = PgChild.Sleep(name);
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.UseTaskstats = false;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "readme", Comm = { name } });
        });
        var exported = OwnMetrics(harness.RefreshAndCollect());

        var onWithGroups = rows.Where(r => r.Default == "opt-in (`TrackProcesses`)").ToList();
        Assert.Equal(onWithGroups.Select(r => r.Name).Order(), OwnInstruments(harness));
        var procfsOnly = onWithGroups.Where(r => !r.Name.Contains(".delay.", StringComparison.Ordinal) && !IsExitListenerHealth(r.Name)).ToList();
        ReadmeTablesTests.Compare(procfsOnly, null, [.. exported.Where(m => procfsOnly.Any(r => r.Name == m.Name))]);
        Assert.DoesNotContain(exported, m => (m.Name.Contains(".delay.", StringComparison.Ordinal) || IsExitListenerHealth(m.Name)) && m.Points.Count > 0);
    }

    [Fact]
    public void EveryRowIsOptInAndDocumentsItsSource()
    {
        var rows = ReadmeTable.Read(Groups).Concat(ReadmeTable.Read(Health)).ToList();
        Assert.All(rows, r => Assert.StartsWith("opt-in (", r.Default, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.StartsWith(ProcessGroupInstruments.Prefix, r.Name, StringComparison.Ordinal));
        Assert.Equal(rows.Count, rows.Select(r => r.Name).Distinct().Count());
    }

    /// <summary>The health counters published only while the exit listener runs.</summary>
    private static bool IsExitListenerHealth(string name) =>
        name is ProcessGroupInstruments.LostExitRecords or ProcessGroupInstruments.UnattributedExits;

    private static List<Testing.Metrics.CapturedMetric> OwnMetrics(IReadOnlyList<Testing.Metrics.CapturedMetric> exported) =>
        [.. exported.Where(m => m.Name.StartsWith(ProcessGroupInstruments.Prefix, StringComparison.Ordinal))];

    private static IOrderedEnumerable<string> OwnInstruments(GroupsHarness harness) =>
        harness.Core.Instruments.Select(i => i.Name).Where(n => n.StartsWith(ProcessGroupInstruments.Prefix, StringComparison.Ordinal)).Order();
}
