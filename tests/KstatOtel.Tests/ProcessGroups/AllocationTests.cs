using System.Diagnostics.Metrics;
using KstatOtel.Testing;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Steady state allocates nothing per known process: neither the refresh nor the collection.</summary>
public class AllocationTests
{
    private const int Processes = 60;

    [Fact]
    public void RefreshingKnownProcessesAllocatesNothing()
    {
        using var tree = Tree();
        using var harness = FixtureTreeTests.Harness(
            tree,
            new ProcessGroupDefinition { Name = "app-{Comm}", Comm = { "app0", "app1", "app2" } },
            new ProcessGroupDefinition { Name = "{Comm}" });

        // Warm up past the first descriptor-limit reads and every snapshot slot the exchange makes.
        for (var i = 0; i < 40; i++)
        {
            harness.Refresh();
        }

        var allocated = Allocations.Measure(harness.Refresh, 100);
        Assert.True(allocated.Smallest == 0, $"100 refreshes of {Processes} known processes allocated {allocated}");
        Assert.Equal(Processes, harness.Tracker.TrackedProcesses);
    }

    [Fact]
    public void CollectingEveryGroupAllocatesNothing()
    {
        using var tree = Tree();
        using var harness = FixtureTreeTests.Harness(tree, new ProcessGroupDefinition { Name = "{Comm}" });
        harness.Refresh();

        using var listener = new MeterListener();
        var measurements = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == harness.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => measurements++);
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => measurements++);
        listener.Start();
        for (var i = 0; i < 20; i++)
        {
            listener.RecordObservableInstruments();
        }

        measurements = 0;
        var allocated = Allocations.Measure(listener.RecordObservableInstruments, 200);
        var collections = 200 * allocated.Batches.Count;
        Assert.True(measurements > collections * Processes, $"{measurements} measurements in {collections} collections");
        Assert.True(allocated.Smallest == 0, $"200 collections of {Processes} groups allocated {allocated}");
    }

    private static ProcfsFixtureTree Tree()
    {
        var tree = new ProcfsFixtureTree();
        for (var pid = 1; pid <= Processes; pid++)
        {
            tree.SetProcess(new FixtureProcess
            {
                Pid = pid,
                Comm = System.Text.Encoding.ASCII.GetBytes("app" + pid),
                StartTicks = (ulong)pid,
                UserTicks = (ulong)pid * 10,
                OpenFiles = 2,
            });
        }

        return tree;
    }
}
