using System.Diagnostics;
using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Testing;
using KstatOtel.Tests.ProcessGroups.Support;
using Xunit.Abstractions;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// Processes that start and end between two refreshes: counted in full from their exit records where taskstats is
/// permitted; otherwise missed, and the gap counted.
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public class ShortLivedProcessTests(ITestOutputHelper output)
{
    private const int Processes = 100;
    private const int BurnMilliseconds = 50;

    [SkippableFact]
    public void WithExitRecordsTheCpuOfProcessesBornAndDeadBetweenRefreshesIsCounted()
    {
        Privileges.RequireNetAdmin();
        var name = PgChild.UniqueName("kso-b");
        using var harness = new GroupsHarness(o => o.TrackProcesses(new ProcessGroupDefinition { Name = "burst", Comm = { name } }));
        Assert.NotNull(harness.Module.Listener);
        harness.Collect();
        Assert.Null(harness.Find(ProcessGroupInstruments.CpuTime, "burst", (Attributes.CpuMode, "user")));

        // 100 processes, each burning 50 ms of CPU, all started and ended with no refresh in between.
        var burned = PgChild.Burst(Processes, BurnMilliseconds, name, parallel: 2) / 1e9;
        Assert.True(burned >= Processes * BurnMilliseconds / 1000.0 * 0.95, $"the children report {burned} s");

        // The records reach the listener thread within moments; refresh until they are all in (or time runs out).
        var clock = Stopwatch.StartNew();
        double counted;
        do
        {
            Thread.Sleep(200);
            harness.RefreshAndCollect();
            counted = harness.Sum(ProcessGroupInstruments.CpuTime, "burst");
        }
        while (counted < burned * 0.9 && clock.Elapsed < TimeSpan.FromSeconds(15));

        output.WriteLine($"burned {burned:0.000} s in {Processes} processes, counted {counted:0.000} s ({counted / burned:P1}) after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(counted >= burned * 0.9, $"the group counted {counted} s of the {burned} s its short-lived processes used");
        Assert.True(counted <= (burned * 1.1) + 0.05, $"the group counted {counted} s, more than the {burned} s used");
        Assert.Equal(Processes, harness.Value(ProcessGroupInstruments.Exits, "burst"));
        Assert.True(harness.Health(ProcessGroupInstruments.UnseenExits) >= Processes);
        Assert.Equal(0, harness.Sum(ProcessGroupInstruments.ProcessCount, "burst"));
        Assert.True(harness.Value(ProcessGroupInstruments.PagingFaults, "burst", (Attributes.FaultType, "minor")) > Processes, "page faults from the exit records");
    }

    [Fact]
    public void WithoutExitRecordsTheGapIsCounted()
    {
        var name = PgChild.UniqueName("kso-g");
        using var harness = new GroupsHarness(o =>
        {
            o.ProcessGroups.UseTaskstats = false;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "burst", Comm = { name } });
        });
        Assert.Null(harness.Module.Listener);
        harness.Collect();
        var before = harness.Health(ProcessGroupInstruments.UnobservedTasks);

        PgChild.Burst(20, 5, name, parallel: 2);
        harness.RefreshAndCollect();

        Assert.Null(harness.Find(ProcessGroupInstruments.CpuTime, "burst", (Attributes.CpuMode, "user")));
        Assert.True(harness.Health(ProcessGroupInstruments.UnobservedTasks) - before >= 20, "20 processes started and ended unseen");
        Assert.Empty(harness.Capture.Find(ProcessGroupInstruments.LostExitRecords)?.Points ?? []);
    }
}
