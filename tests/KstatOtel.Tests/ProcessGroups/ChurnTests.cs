using System.Diagnostics;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Tests.ProcessGroups.Support;
using Xunit.Abstractions;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Processes that end while being read are normal: no exception, no error counted, counters monotonic.</summary>
[Collection(ProcessGroupCollection.Name)]
public class ChurnTests(ITestOutputHelper output)
{
    [Fact]
    public void ProcessesEndingMidReadAreNotErrors()
    {
        var name = PgChild.UniqueName("kso-x");
        using var tracker = new ProcessTracker(new TrackerSettings
        {
            ProcfsRoot = "/proc",
            Selector = new GroupSelector([new ProcessGroupDefinition { Name = "churn", Comm = { name } }, new ProcessGroupDefinition { Name = "{Comm}" }]),
            IncludeThreads = true,
        });
        tracker.Refresh();

        // 1,500 processes of 3 ms of CPU each, four at a time, while the tracker refreshes as fast as it can.
        Exception? burstFailure = null;
        var burst = new Thread(() =>
        {
            try
            {
                PgChild.Burst(1500, 3, name, parallel: 4);
            }
            catch (Exception e)
            {
                burstFailure = e;
            }
        });
        burst.Start();
        var refreshes = 0;
        var lastCpu = 0UL;
        var clock = Stopwatch.StartNew();
        while (burst.IsAlive && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            tracker.Refresh();
            refreshes++;
            var cpu = tracker.Groups.Groups.Where(g => g.Name == "churn").Sum(g => (double)(g.Totals.UserNs + g.Totals.SystemNs));
            Assert.True((ulong)cpu >= lastCpu, "the group's CPU went down");
            lastCpu = (ulong)cpu;
        }

        burst.Join();
        Assert.Null(burstFailure);
        tracker.Refresh();
        var churn = tracker.Groups.Groups.SingleOrDefault(g => g.Name == "churn");
        output.WriteLine($"{refreshes} refreshes during the churn; the group saw {churn?.Exits ?? 0} of its processes end; failed {tracker.ReadFailures}, partial {tracker.PartialReads}, denied {tracker.DeniedReads}");
        Assert.True(refreshes > 20, $"only {refreshes} refreshes");
        Assert.Equal(0, tracker.ReadFailures);
        Assert.Equal(0, tracker.PartialReads);
        Assert.NotNull(churn);
        Assert.True(churn.Exits > 3, $"the refreshes caught only {churn.Exits} of the processes");
        Assert.Equal(0, churn.Members);
    }
}
